package io.wlabridge.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.scanner.ScannerImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.tokens.ScalarToken;
import org.snakeyaml.engine.v2.tokens.Token;

/**
 * A job file's YAML error in one line, at the line and column of the fault. The YAML parser (snakeyaml-engine, under
 * Camel's YAML DSL) reports where it noticed the error, which for a quote left open is where the next quote closes it,
 * lines later; the quoted value that runs over its line is where the quote is missing, so that is named first.
 */
public final class YamlFault {

    private YamlFault() {
    }

    /** "file: line 19, column 16: ..." for a YAML error anywhere in {@code failure}'s causes, or null when there is none. */
    public static String describe(Throwable failure) {
        MarkedYamlEngineException yaml = find(failure);
        return yaml == null ? null : yaml.getProblemMark().get().getName() + ": " + describe(failure, null);
    }

    /**
     * "line 19, column 16: ..." for a YAML error anywhere in {@code failure}'s causes, or null when there is none.
     *
     * @param content the file's text, or null to read it from the file the error names ({@code file:...})
     */
    public static String describe(Throwable failure, String content) {
        MarkedYamlEngineException yaml = find(failure);
        if (yaml == null) {
            return null;
        }
        Mark problem = yaml.getProblemMark().get();
        String noticed = at(problem) + ": " + oneLine(yaml.getProblem())
                + yaml.getContextMark().map(c -> " (" + oneLine(yaml.getContext()) + " from " + at(c) + ")").orElse("");
        String text = content != null ? content : read(problem.getName());
        Mark open = text == null ? null : openQuote(text, problem);
        if (open == null) {
            return noticed;
        }
        return at(open) + ": the quoted value that starts here does not end on its line - add the missing closing"
                + " quote (the YAML parser noticed at " + noticed + ")";
    }

    private static MarkedYamlEngineException find(Throwable failure) {
        MarkedYamlEngineException yaml = null;
        for (Throwable t = failure; t != null && yaml == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MarkedYamlEngineException m) {
                yaml = m;
            }
        }
        return yaml == null || yaml.getProblemMark().isEmpty() ? null : yaml;
    }

    /** The start of the last quoted value before the problem that runs over its line: where a closing quote is missing. */
    private static Mark openQuote(String text, Mark problem) {
        LoadSettings settings = LoadSettings.builder().setLabel(problem.getName()).build();
        ScannerImpl scanner = new ScannerImpl(settings, new StreamReader(settings, text));
        Mark open = null;
        try {
            while (scanner.hasNext()) {
                Token token = scanner.next();
                Optional<Mark> start = token.getStartMark();
                Optional<Mark> end = token.getEndMark();
                if (start.isEmpty() || end.isEmpty() || start.get().getIndex() >= problem.getIndex()) {
                    break;
                }
                if (token instanceof ScalarToken scalar
                        && (scalar.getStyle() == ScalarStyle.DOUBLE_QUOTED || scalar.getStyle() == ScalarStyle.SINGLE_QUOTED)
                        && end.get().getLine() > start.get().getLine()) {
                    open = start.get();
                }
            }
        } catch (YamlEngineException e) {
            // the scanner stops at the same fault; what it read before is enough
        }
        return open;
    }

    private static String read(String name) {
        if (name == null || !name.startsWith("file:")) {
            return null;
        }
        try {
            return Files.readString(Path.of(name.substring("file:".length())), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Lines and columns as editors count them, from 1. */
    private static String at(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
