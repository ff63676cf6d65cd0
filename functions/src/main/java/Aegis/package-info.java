/**
 * The errors AegisOps handlers raise on purpose. The package is named {@code Aegis}, against Java's naming
 * habit, because the Lambda Java runtime reports {@code throwable.getClass().getName()} as the error type:
 * {@code Aegis.NotAllowed} is then the name a state machine's {@code Catch}/{@code ErrorEquals} matches. Every
 * class here is one of contracts' {@code PipelineError}s raised by a handler, and a test holds the two together.
 */
package Aegis;
