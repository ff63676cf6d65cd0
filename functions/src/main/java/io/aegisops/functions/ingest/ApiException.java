package io.aegisops.functions.ingest;

/** A request refused with an HTTP status and the {@code {error, message}} body; the message is for the caller. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String error;

    public ApiException(int status, String error, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message);
    }

    static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message);
    }

    static ApiException tooLarge(String message) {
        return new ApiException(413, "payload_too_large", message);
    }

    static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "unsupported_media_type", message);
    }

    static ApiException unprocessable(String message) {
        return new ApiException(422, "unprocessable", message);
    }
}
