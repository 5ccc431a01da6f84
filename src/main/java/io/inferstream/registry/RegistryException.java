package io.inferstream.registry;

/**
 * An error the schema registry answered (or would answer) with Confluent's error body
 * {@code {"error_code": 40401, "message": "Subject 'x' not found."}}.
 */
public class RegistryException extends RuntimeException {

    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int SUBJECT_SOFT_DELETED = 40404;
    public static final int SUBJECT_NOT_SOFT_DELETED = 40405;
    public static final int SCHEMA_VERSION_SOFT_DELETED = 40406;
    public static final int SCHEMA_VERSION_NOT_SOFT_DELETED = 40407;
    public static final int SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED = 40408;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int BACKEND_STORE_ERROR = 50001;
    public static final int OPERATION_TIMEOUT = 50002;
    public static final int UNKNOWN_LEADER = 50004;

    private final int httpStatus;
    private final int errorCode;
    private final String detail;

    public RegistryException(int httpStatus, int errorCode, String message) {
        super(message + " (HTTP " + httpStatus + ", error_code " + errorCode + ")");
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.detail = message;
    }

    public RegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        this(httpStatus, errorCode, message);
        initCause(cause);
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }

    /** The message alone, as it goes in the error body's {@code message} field. */
    public String detail() {
        return detail;
    }
}
