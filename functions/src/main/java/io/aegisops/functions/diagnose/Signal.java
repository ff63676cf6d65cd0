package io.aegisops.functions.diagnose;

/** One thing found about an incident: what it says, where it was found, and the detail a reader checks it by. */
record Signal(Sign sign, Source source, String detail) {

    /** As the diagnosis lists it: {@code health probe: GET http://…/health answered 503 in 12 ms}. */
    @Override
    public String toString() {
        return source.label + ": " + detail;
    }
}
