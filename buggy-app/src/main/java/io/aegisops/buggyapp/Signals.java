package io.aegisops.buggyapp;

/**
 * One reading of everything the monitor judges. {@code heapMaxBytes} is -1 and {@code cpuLoad} NaN when
 * the JVM cannot tell; a signal with no reading neither raises nor resolves an alert.
 */
record Signals(long heapUsedBytes, long heapMaxBytes, double cpuLoad, RequestStats.Window requests) {

    double heapRatio() {
        return heapMaxBytes <= 0 ? Double.NaN : (double) heapUsedBytes / heapMaxBytes;
    }
}
