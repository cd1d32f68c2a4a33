package dev.vitrine.clearml;

/**
 * The server answered an error envelope: {@code meta.result_code}, {@code result_subcode} and
 * {@code result_msg} as sent (API.md 1.6), with the endpoint that was called.
 */
public class ApiException extends ClearmlException {
    private final int resultCode;
    private final int subcode;
    private final String serverMessage;
    private final String endpoint;

    public ApiException(String endpoint, int resultCode, int subcode, String serverMessage) {
        this(endpoint, resultCode, subcode, serverMessage, null);
    }

    public ApiException(String endpoint, int resultCode, int subcode, String serverMessage, String userMessage) {
        super(kindOf(resultCode, subcode), userMessage != null ? userMessage
                : "ClearML server error on " + endpoint + " (" + resultCode + "/" + subcode + "): " + serverMessage);
        this.resultCode = resultCode;
        this.subcode = subcode;
        this.serverMessage = serverMessage;
        this.endpoint = endpoint;
    }

    private static Kind kindOf(int code, int sub) {
        return code == 401 && (sub == 20 || sub == 21 || sub == 22) ? Kind.BAD_CREDENTIALS : Kind.API;
    }

    public int resultCode() {
        return resultCode;
    }

    public int subcode() {
        return subcode;
    }

    /** {@code meta.result_msg} verbatim. */
    public String serverMessage() {
        return serverMessage;
    }

    public String endpoint() {
        return endpoint;
    }

    /** 400/101 unknown task, 400/201 unknown model, 400/401 unknown project. */
    public boolean isInvalidId() {
        return resultCode == 400 && (subcode == 101 || subcode == 201 || subcode == 401 || subcode == 10);
    }
}
