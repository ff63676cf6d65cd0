package io.aegisops.contracts.pipeline;

import io.aegisops.contracts.IncidentStatus;
import java.util.Arrays;
import java.util.Optional;

/**
 * The states of {@code aegis-pipeline.asl.json}, under the names the definition gives them (and the execution
 * history reports). Each Task names the function it invokes, each Fail state its error, and each Outcome Pass state
 * the incident status it sets at {@code $.outcome}.
 */
public enum PipelineState {
    CONFIGURE("Configure", Type.PASS),
    KNOWN_TARGET("KnownTarget", Type.CHOICE),
    UNKNOWN_TARGET("UnknownTarget", Type.PASS),
    COLLECT_EVIDENCE("CollectEvidence", PipelineFunction.COLLECT_EVIDENCE),
    EVIDENCE_UNAVAILABLE("EvidenceUnavailable", Type.PASS),
    DIAGNOSE("Diagnose", PipelineFunction.DIAGNOSE),
    NOTIFY_DIAGNOSED("NotifyDiagnosed", PipelineFunction.NOTIFY),
    ROUTE("Route", Type.CHOICE),
    REQUEST_APPROVAL("RequestApproval", PipelineFunction.REQUEST_APPROVAL),
    APPROVED("Approved", Type.CHOICE),
    RECHECK_AT_APPROVAL("RecheckAtApproval", PipelineFunction.COLLECT_EVIDENCE),
    REMEDIATE("Remediate", PipelineFunction.REMEDIATE),
    RESTART_RAN("RestartRan", Type.CHOICE),
    REMEDY_SAW_IT_HEALTHY("RemedySawItHealthy", Type.PASS),
    START_VERIFY("StartVerify", Type.PASS),
    VERIFY("Verify", PipelineFunction.VERIFY),
    CHECK_HEALTH("CheckHealth", Type.CHOICE),
    HEALTHY("Healthy", Type.PASS),
    UNHEALTHY("Unhealthy", Type.PASS),
    VERIFY_TIMED_OUT("VerifyTimedOut", Type.PASS),
    VERIFY_ERRORED("VerifyErrored", Type.PASS),
    VERIFY_ATTEMPTS_LEFT("VerifyAttemptsLeft", Type.CHOICE),
    WAIT_BEFORE_VERIFY("WaitBeforeVerify", Type.WAIT),
    NEXT_VERIFY_ATTEMPT("NextVerifyAttempt", Type.PASS),
    OUTCOME_RESOLVED("OutcomeResolved", IncidentStatus.RESOLVED),
    OUTCOME_DRY_RUN("OutcomeDryRun", IncidentStatus.NOOP),
    OUTCOME_NOOP("OutcomeNoop", IncidentStatus.NOOP),
    OUTCOME_ESCALATED_BY_POLICY("OutcomeEscalatedByPolicy", IncidentStatus.ESCALATED),
    OUTCOME_DIAGNOSIS_FAILED("OutcomeDiagnosisFailed", IncidentStatus.ESCALATED),
    OUTCOME_APPROVAL_TIMED_OUT("OutcomeApprovalTimedOut", IncidentStatus.ESCALATED),
    OUTCOME_APPROVAL_UNAVAILABLE("OutcomeApprovalUnavailable", IncidentStatus.ESCALATED),
    OUTCOME_REJECTED("OutcomeRejected", IncidentStatus.REJECTED),
    OUTCOME_WITHDRAWN("OutcomeWithdrawn", IncidentStatus.NOOP),
    OUTCOME_HEALTHY_AT_APPROVAL("OutcomeHealthyAtApproval", IncidentStatus.NOOP),
    OUTCOME_REMEDIATION_TIMED_OUT("OutcomeRemediationTimedOut", IncidentStatus.ESCALATED),
    OUTCOME_REMEDIATION_NOT_RUN("OutcomeRemediationNotRun", IncidentStatus.ESCALATED),
    OUTCOME_REMEDIATION_REFUSED("OutcomeRemediationRefused", IncidentStatus.ESCALATED),
    OUTCOME_REMEDIATION_FAILED("OutcomeRemediationFailed", IncidentStatus.FAILED),
    OUTCOME_VERIFICATION_TIMED_OUT("OutcomeVerificationTimedOut", IncidentStatus.ESCALATED),
    OUTCOME_ROLLBACK_UNVERIFIED("OutcomeRollbackUnverified", IncidentStatus.ESCALATED),
    OUTCOME_VERIFICATION_FAILED("OutcomeVerificationFailed", IncidentStatus.FAILED),
    LEARN("Learn", PipelineFunction.LEARN),
    NOTIFY_OUTCOME("NotifyOutcome", PipelineFunction.NOTIFY),
    END_BY_OUTCOME("EndByOutcome", Type.CHOICE),
    DONE("Done", Type.SUCCEED),
    NOT_CLOSED("NotClosed", PipelineError.INCIDENT_NOT_CLOSED),
    ESCALATED("Escalated", Type.SUCCEED),
    REMEDIATION_FAILED("RemediationFailed", PipelineError.REMEDIATION_FAILED),
    REJECTED("Rejected", Type.SUCCEED),
    UNKNOWN_OUTCOME("UnknownOutcome", PipelineError.UNKNOWN_OUTCOME);

    /** The state's {@code Type} in the definition. */
    public enum Type {
        TASK("Task"),
        PASS("Pass"),
        CHOICE("Choice"),
        WAIT("Wait"),
        SUCCEED("Succeed"),
        FAIL("Fail");

        private final String aslName;

        Type(String aslName) {
            this.aslName = aslName;
        }

        public String aslName() {
            return aslName;
        }
    }

    private final String stateName;
    private final Type type;
    private final PipelineFunction task;
    private final PipelineError failure;
    private final IncidentStatus outcome;

    PipelineState(String stateName, Type type) {
        this(stateName, type, null, null, null);
    }

    PipelineState(String stateName, PipelineFunction task) {
        this(stateName, Type.TASK, task, null, null);
    }

    PipelineState(String stateName, PipelineError failure) {
        this(stateName, Type.FAIL, null, failure, null);
    }

    PipelineState(String stateName, IncidentStatus outcome) {
        this(stateName, Type.PASS, null, null, outcome);
    }

    PipelineState(String stateName, Type type, PipelineFunction task, PipelineError failure, IncidentStatus outcome) {
        this.stateName = stateName;
        this.type = type;
        this.task = task;
        this.failure = failure;
        this.outcome = outcome;
    }

    /** The state of that name, if the definition has one. */
    public static Optional<PipelineState> named(String stateName) {
        return Arrays.stream(values())
                .filter(s -> s.stateName.equals(stateName))
                .findFirst();
    }

    /** The name in the definition and in the execution's history, such as {@code CollectEvidence}. */
    public String stateName() {
        return stateName;
    }

    public Type type() {
        return type;
    }

    /** For a Task: the function it invokes. */
    public Optional<PipelineFunction> task() {
        return Optional.ofNullable(task);
    }

    /** For a Fail state: the error the execution ends with. */
    public Optional<PipelineError> failure() {
        return Optional.ofNullable(failure);
    }

    /** For an Outcome Pass state: the status it writes to {@code $.outcome} before Learn. */
    public Optional<IncidentStatus> outcome() {
        return Optional.ofNullable(outcome);
    }
}
