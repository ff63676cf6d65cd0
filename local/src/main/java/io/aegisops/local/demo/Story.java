package io.aegisops.local.demo;

import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.DecisionMode;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.IncidentStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One incident of the demo: a real fault switched on in the service (or a bad release deployed over it), the alert
 * the service raises about it, what a human does if asked, and the outcome the pipeline must reach.
 *
 * @param fault          the service's fault route and parameters ({@code /faults/memory?...}); null for a release
 * @param release        the image deployed over the running service instead of a fault; null for a fault
 * @param alertType      the alert the service raises for it
 * @param humanApproves  what the demo's on-call answers if the pipeline asks for approval
 * @param clearAfter     whether the fault is cleared after the incident (a restart clears what it can)
 */
public record Story(
        String title,
        String narrative,
        String fault,
        String release,
        String alertType,
        boolean humanApproves,
        boolean clearAfter,
        Expectation expected) {

    /**
     * What must be true of the incident at the end. Sets hold every acceptable value; {@code remedies} the remedies
     * that may have run (empty: none may).
     */
    public record Expectation(
            Set<IncidentStatus> status,
            Set<DecisionMode> decision,
            Set<DiagnosisSource> source,
            Set<CommandType> remedies) {
        public Expectation {
            status = Set.copyOf(status);
            decision = Set.copyOf(decision);
            source = Set.copyOf(source);
            remedies = Set.copyOf(remedies);
        }
    }

    private static final Set<CommandType> RESTARTED = Set.of(CommandType.RESTART);
    private static final Set<CommandType> NOTHING = Set.of();

    /**
     * The stories: four faults, then, when the service runs from an image ({@code badRelease} is that release's
     * image, else null), a bad release rolled back after approval. Without a model the rules and the runbook decide,
     * and every outcome is exact. With a model the first diagnosis may come from it (or from the rules if it fails),
     * and a model less sure than the rules may ask a human first: the expectations say so.
     */
    public static List<Story> all(boolean modelConfigured, String badRelease) {
        Set<DiagnosisSource> fresh = modelConfigured
                ? EnumSet.of(DiagnosisSource.LLM, DiagnosisSource.RULES)
                : EnumSet.of(DiagnosisSource.RULES);
        Set<DecisionMode> alone =
                modelConfigured ? EnumSet.of(DecisionMode.AUTO, DecisionMode.APPROVAL) : EnumSet.of(DecisionMode.AUTO);
        List<Story> stories = new ArrayList<>(List.of(
                new Story(
                        "Memory leak",
                        "The service leaks memory until its heap is nearly full. Confident and within budget, AegisOps restarts it on its own.",
                        "/faults/memory?mbPerSecond=16&holdSeconds=86400",
                        null,
                        "HighMemoryUsage",
                        true,
                        false,
                        new Expectation(EnumSet.of(IncidentStatus.RESOLVED), alone, fresh, RESTARTED)),
                new Story(
                        "The same leak, again",
                        "It happens again. The runbook learned what worked last time: diagnosed from it, no model"
                                + " asked. But people have not approved that remedy for this pattern yet (0/3), so a"
                                + " human approves, and the approval counts towards running it alone.",
                        "/faults/memory?mbPerSecond=16&holdSeconds=86400",
                        null,
                        "HighMemoryUsage",
                        true,
                        false,
                        new Expectation(
                                EnumSet.of(IncidentStatus.RESOLVED),
                                EnumSet.of(DecisionMode.APPROVAL),
                                EnumSet.of(DiagnosisSource.RUNBOOK),
                                RESTARTED)),
                new Story(
                        "CPU spike",
                        "Busy threads saturate the CPU. A restart would likely help, but the confidence is not enough to act alone: a human approves.",
                        "/faults/cpu?seconds=180",
                        null,
                        "HighCpuUsage",
                        true,
                        false,
                        new Expectation(
                                EnumSet.of(IncidentStatus.RESOLVED),
                                EnumSet.of(DecisionMode.APPROVAL),
                                fresh,
                                RESTARTED)),
                new Story(
                        "Slow dependency",
                        "The service's database slows down. Restarting the service would not make the database faster: AegisOps escalates and touches nothing.",
                        "/faults/latency?ms=2000",
                        null,
                        "DependencyLatency",
                        false,
                        true,
                        new Expectation(
                                modelConfigured
                                        ? EnumSet.of(
                                                IncidentStatus.ESCALATED, IncidentStatus.REJECTED, IncidentStatus.NOOP)
                                        : EnumSet.of(IncidentStatus.ESCALATED),
                                modelConfigured
                                        ? EnumSet.of(DecisionMode.ESCALATE, DecisionMode.APPROVAL, DecisionMode.NOOP)
                                        : EnumSet.of(DecisionMode.ESCALATE),
                                fresh,
                                NOTHING))));
        if (badRelease != null) {
            stories.add(new Story(
                    "Bad release",
                    "A new release is deployed over the good one and fails every order from the start. A restart would"
                            + " run the same image again: AegisOps proposes to roll back to the image before, and a"
                            + " human approves.",
                    null,
                    badRelease,
                    "HighErrorRate",
                    true,
                    false,
                    new Expectation(
                            modelConfigured
                                    ? EnumSet.of(IncidentStatus.RESOLVED, IncidentStatus.FAILED)
                                    : EnumSet.of(IncidentStatus.RESOLVED),
                            EnumSet.of(DecisionMode.APPROVAL),
                            fresh,
                            modelConfigured
                                    ? EnumSet.of(CommandType.ROLLBACK, CommandType.RESTART)
                                    : EnumSet.of(CommandType.ROLLBACK))));
        }
        return List.copyOf(stories);
    }
}
