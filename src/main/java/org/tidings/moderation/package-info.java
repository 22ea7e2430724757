/**
 * Reports: members report a message with a reason; administrators work through the queue of open
 * reports (the message, what was said around it, who reported it) and delete the message or
 * dismiss the report. Every decision goes to the audit log.
 */
package org.tidings.moderation;
