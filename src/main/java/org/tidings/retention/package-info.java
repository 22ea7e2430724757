/**
 * Message retention: a server-wide limit set by administrators (off by default) and shorter limits
 * that group owners set for their groups, enforced by a background job that erases expired
 * messages exactly as deleting them would.
 */
package org.tidings.retention;
