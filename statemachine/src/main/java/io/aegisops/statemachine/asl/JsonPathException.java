package io.aegisops.statemachine.asl;

/** A value cannot be placed where a reference path points (States.ResultPathMatchFailure at run time). */
public final class JsonPathException extends RuntimeException {

    public JsonPathException(String message) {
        super(message);
    }
}
