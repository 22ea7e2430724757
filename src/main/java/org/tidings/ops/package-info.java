/** What an operator sees of a running server: the administrators' live snapshot of its meters. */
package org.tidings.ops;
