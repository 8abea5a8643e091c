/**
 * A pretend web framework for the kit's own tests of {@code AdapterArchitecture}: types shaped like the ones the
 * rules speak about (a future to await, a publisher to block on, a status enum, a response), outside
 * {@code io.oidckit}, as a real framework is.
 */
package org.example.framework;
