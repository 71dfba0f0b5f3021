package io.wlabridge.automic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;

/**
 * Which event fields become which Automic PromptSet inputs: {@code NAME#=source, ...}, where a source is a field of
 * the event ({@code systemId}), a JSONPath ({@code $.system.id}) or a quoted constant ({@code 'FULL'}). Values are
 * sent as strings (docs/contracts/automic-executions.md §3: numbers too), arrays as lists of strings (multi-select), objects as JSON text; an input
 * whose source is missing or null is left out, so the PromptSet's default applies.
 */
public final class InputMapping {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Entry(String input, String field, JsonPath path, String constant) {
    }

    private final List<Entry> entries;

    private InputMapping(List<Entry> entries) {
        this.entries = entries;
    }

    /** @throws IllegalArgumentException naming the entry that does not parse */
    public static InputMapping parse(String spec) {
        List<Entry> entries = new ArrayList<>();
        for (String item : split(spec == null ? "" : spec)) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + item + "' is not NAME#=source (e.g. RUN_DATE#=validOn)");
            }
            String input = item.substring(0, eq).trim();
            String source = item.substring(eq + 1).trim();
            if (source.isEmpty()) {
                throw new IllegalArgumentException("input '" + input + "' has no source: give a field, a JSONPath or a 'constant'");
            }
            if (source.length() >= 2 && source.startsWith("'") && source.endsWith("'")) {
                entries.add(new Entry(input, null, null, source.substring(1, source.length() - 1)));
            } else if (source.startsWith("$")) {
                try {
                    entries.add(new Entry(input, null, JsonPath.compile(source), null));
                } catch (InvalidPathException e) {
                    throw new IllegalArgumentException("input '" + input + "': '" + source + "' is not a JSONPath: " + e.getMessage());
                }
            } else {
                entries.add(new Entry(input, source, null, null));
            }
        }
        return new InputMapping(List.copyOf(entries));
    }

    /** The inputs for one decoded event (a map from JSON or Avro). */
    public Map<String, Object> inputs(Object event) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (Entry entry : entries) {
            Object value;
            if (entry.constant() != null) {
                value = entry.constant();
            } else if (entry.path() != null) {
                try {
                    value = entry.path().read(event);
                } catch (PathNotFoundException e) {
                    value = null;
                }
            } else {
                value = event instanceof Map<?, ?> map ? map.get(entry.field()) : null;
            }
            Object text = text(value);
            if (text != null) {
                inputs.put(entry.input(), text);
            }
        }
        return inputs;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    private static Object text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> v == null ? "" : String.valueOf(text(v))).toList();
        }
        if (value instanceof Map<?, ?>) {
            try {
                return JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                return value.toString();
            }
        }
        return value.toString();
    }

    /** Splits on commas outside quotes and brackets, so constants and JSONPath filters may contain commas. */
    private static List<String> split(String spec) {
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int depth = 0;
        for (char c : spec.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && (c == '[' || c == '(')) {
                depth++;
            } else if (!quoted && (c == ']' || c == ')')) {
                depth--;
            }
            if (c == ',' && !quoted && depth == 0) {
                add(items, current);
            } else {
                current.append(c);
            }
        }
        add(items, current);
        return items;
    }

    private static void add(List<String> items, StringBuilder current) {
        if (!current.toString().isBlank()) {
            items.add(current.toString().trim());
        }
        current.setLength(0);
    }
}
