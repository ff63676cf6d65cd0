/**
 * The errors AegisOps handlers raise on purpose. The package is named {@code Aegis}, against Java's naming
 * habit, because the Lambda Java runtime reports {@code throwable.getClass().getName()} as the error type:
 * {@code Aegis.NotAllowed} is then the name a state machine's {@code Catch}/{@code ErrorEquals} matches.
 */
package Aegis;
