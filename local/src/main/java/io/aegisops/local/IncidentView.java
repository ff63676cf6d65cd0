package io.aegisops.local;

import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.TargetRef;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.functions.ingest.normalise.TargetResolver;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Incidents as text for the terminal: a table of many, the whole story of one. */
public final class IncidentView {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private IncidentView() {}

    public static String table(List<Incident> incidents) {
        if (incidents.isEmpty()) {
            return "no incidents\n";
        }
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "%-44s  %-17s  %-28s  %-12s  %-19s  %8s%n",
                "INCIDENT",
                "STATUS",
                "ALERT",
                "SERVICE",
                "CREATED (UTC)",
                "MTTR"));
        for (Incident i : incidents) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-44s  %-17s  %-28s  %-12s  %-19s  %8s%n",
                    i.incidentId(),
                    i.status(),
                    clip(i.alert().alertType() + " (" + i.alert().severity() + ")", 28),
                    clip(i.target() == null ? "?" : i.target().service(), 12),
                    i.createdAt() == null ? "" : TIME.format(i.createdAt()),
                    mttr(i.mttrMs())));
        }
        return out.toString();
    }

    /**
     * The incidents of alerts that matched no configured target: what each alert said about its target (the labels
     * the resolver reads, or the generic format's service, container and host), to show which label to fix.
     */
    public static String unmatchedTable(List<Incident> incidents) {
        if (incidents.isEmpty()) {
            return "no unmatched alerts: every alert matched a configured target\n";
        }
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "%-19s  %-13s  %-28s  %6s  %s%n",
                "CREATED (UTC)",
                "SOURCE",
                "ALERT",
                "ALERTS",
                "IT NAMED"));
        for (Incident i : incidents) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-19s  %-13s  %-28s  %6d  %s%n",
                    i.createdAt() == null ? "" : TIME.format(i.createdAt()),
                    i.alert().source(),
                    clip(i.alert().alertType(), 28),
                    i.alertCount(),
                    clip(named(i), 90)));
        }
        out.append("Name the target with the label ")
                .append(TargetResolver.EXPLICIT_LABEL)
                .append(", or see docs/integrations.md for the labels that are read.\n");
        return out.toString();
    }

    private static String named(Incident i) {
        Map<String, String> labels = TargetResolver.namingLabels(i.alert());
        if (!labels.isEmpty()) {
            StringJoiner joined = new StringJoiner(", ");
            labels.forEach((k, v) -> joined.add(k + "=" + v));
            return joined.toString();
        }
        TargetRef said = i.alert().target();
        return said == null
                ? "nothing"
                : "service=" + said.service() + ", container=" + said.container() + ", host=" + said.host();
    }

    public static String render(Incident i) {
        StringBuilder out = new StringBuilder();
        out.append(i.incidentId()).append("   ").append(i.status());
        if (i.mttrMs() != null) {
            out.append("   MTTR ").append(mttr(i.mttrMs()));
        }
        out.append('\n');
        line(
                out,
                "alert",
                i.alert().alertType() + " (" + i.alert().severity() + ") from "
                        + i.alert().source()
                        + " for " + (i.target() == null ? "?" : i.target().service()) + ": "
                        + clip(i.alert().summary(), 100)
                        + (i.alertCount() > 1 ? "   ×" + i.alertCount() + " alerts" : ""));
        if (i.evidence() != null) {
            line(
                    out,
                    "evidence",
                    !i.evidence().available()
                            ? "none: " + i.evidence().note()
                            : i.evidence().container() == null
                                    ? "collected"
                                    : "container " + i.evidence().container().status()
                                            + (i.evidence().container().health() == null
                                                    ? ""
                                                    : ", "
                                                            + i.evidence()
                                                                    .container()
                                                                    .health()));
        }
        Diagnosis d = i.diagnosis();
        if (d != null) {
            line(
                    out,
                    "diagnosis",
                    String.format(
                            Locale.ROOT,
                            "%s says %s (confidence %.2f%s): %s",
                            d.source(),
                            d.action(),
                            d.confidence(),
                            d.model() == null ? "" : ", " + d.model(),
                            d.rootCause()));
            line(out, "", "because " + d.justification());
        }
        if (i.decision() != null) {
            line(
                    out,
                    "decision",
                    i.decision().mode() + (i.decision().dryRun() ? " (dry run)" : "") + ": "
                            + String.join("; ", i.decision().reasons()));
        }
        for (CommandResult r : i.commandResults()) {
            line(out, "command", r.type() + (r.success() ? " ok: " : " not ok: ") + clip(r.message(), 110));
        }
        if (i.verification() != null) {
            line(
                    out,
                    "verified",
                    (i.verification().healthy() ? "healthy" : "not healthy") + " after "
                            + i.verification().attempts() + " attempt(s)"
                            + (i.verification().detail() == null
                                    ? ""
                                    : ": " + clip(i.verification().detail(), 90)));
        }
        if (i.executionArn() != null) {
            line(out, "execution", i.executionArn());
            line(out, "", "./aegis trace " + i.incidentId());
        }
        out.append("timeline\n");
        for (TimelineEntry e : i.timeline()) {
            out.append(String.format(
                    Locale.ROOT,
                    "  %s  %-18s %s%n",
                    e.at() == null ? "" : CLOCK.format(e.at()),
                    e.stage(),
                    e.detail() == null ? "" : clip(e.detail(), 120)));
        }
        return out.toString();
    }

    static String mttr(Long millis) {
        return millis == null ? "" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static void line(StringBuilder out, String label, String text) {
        out.append(String.format(Locale.ROOT, "%-10s %s%n", label, text));
    }

    private static String clip(String text, int max) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
    }
}
