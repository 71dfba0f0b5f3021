package io.wlabridge.ops;

/** One preflight check: what was checked, whether it passed, and what the operator should know or do. */
public record CheckResult(boolean ok, String what, String detail) {

    public static CheckResult ok(String what, String detail) {
        return new CheckResult(true, what, detail);
    }

    public static CheckResult fail(String what, String detail) {
        return new CheckResult(false, what, detail);
    }

    /** The line `check` prints: {@code OK   what: detail} or {@code FAIL what: detail}. */
    public String line() {
        return (ok ? "OK   " : "FAIL ") + what + ": " + detail;
    }
}
