package io.aegisops.functions.notify;

/** Somewhere notifications go. Never throws: a failed delivery must not fail the pipeline. */
public interface Notifier {

    /** True when the notification was accepted. */
    boolean send(Notification notification);
}
