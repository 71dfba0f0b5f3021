package io.wlabridge.ops;

/**
 * One preflight check: what was checked, whether it passed, and what the operator should know or do. A warning passes
 * (exit code 0) but says what looks wrong.
 */
public record CheckResult(boolean ok, String what, String detail, boolean warning) {

    public CheckResult(boolean ok, String what, String detail) {
        this(ok, what, detail, false);
    }

    public static CheckResult ok(String what, String detail) {
        return new CheckResult(true, what, detail);
    }

    public static CheckResult fail(String what, String detail) {
        return new CheckResult(false, what, detail);
    }

    public static CheckResult warn(String what, String detail) {
        return new CheckResult(true, what, detail, true);
    }

    /** The line `check` prints: {@code OK   what: detail}, {@code WARN what: detail} or {@code FAIL what: detail}. */
    public String line() {
        return (warning ? "WARN " : ok ? "OK   " : "FAIL ") + what + ": " + detail;
    }
}
