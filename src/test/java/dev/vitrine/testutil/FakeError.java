package dev.vitrine.testutil;

/** An error the fake answers in the ClearML envelope, with the real server's code, subcode and text. */
final class FakeError extends RuntimeException {
    final int code;
    final int subcode;

    FakeError(int code, int subcode, String message) {
        super(message);
        this.code = code;
        this.subcode = subcode;
    }

    static FakeError validation(String msg) {
        return new FakeError(400, 12, "Validation error (" + msg + ")");
    }
}
