package io.wlabridge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The records of a `send` file: a JSON array of objects, JSON lines (one object per line) or CSV with a header row.
 * Each record keeps its position (1-based) so rejections can name it. A record that is not an object is kept as
 * an error, not dropped.
 */
public final class SendInput {

    /** One input record: its 1-based number, its fields (or null) and why it could not be read (or null). */
    public record Item(int number, Map<String, Object> fields, String error) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private SendInput() {
    }

    /** Reads all records; the format is CSV when {@code csv} is true, else JSON (array or lines). */
    public static List<Item> read(InputStream in, boolean csv) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return csv ? csv(new StringReader(text)) : json(text);
    }

    private static List<Item> json(String text) throws IOException {
        List<Item> items = new ArrayList<>();
        String trimmed = text.strip();
        if (trimmed.startsWith("[")) {
            JsonNode array = JSON.readTree(trimmed);
            int n = 0;
            for (JsonNode node : array) {
                items.add(item(++n, node));
            }
            return items;
        }
        int n = 0;
        for (String line : (Iterable<String>) trimmed.lines()::iterator) {
            if (line.isBlank()) {
                continue;
            }
            n++;
            try {
                items.add(item(n, JSON.readTree(line)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                items.add(new Item(n, null, "not JSON: " + e.getOriginalMessage()));
            }
        }
        return items;
    }

    private static Item item(int number, JsonNode node) {
        if (node == null || !node.isObject()) {
            return new Item(number, null, "not a JSON object");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            fields.put(e.getKey(), v.isNull() ? null : v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue()
                    : v.isTextual() ? v.textValue() : v.toString());
        }
        return new Item(number, fields, null);
    }

    private static List<Item> csv(Reader reader) throws IOException {
        List<Item> items = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
        int n = 0;
        for (CSVRecord record : format.parse(reader)) {
            n++;
            if (!record.isConsistent()) {
                items.add(new Item(n, null, "has " + record.size() + " values but the header names "
                        + record.getParser().getHeaderNames().size() + " columns"));
                continue;
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            record.toMap().forEach((k, v) -> fields.put(k, v.isEmpty() ? null : v));
            items.add(new Item(n, fields, null));
        }
        return items;
    }
}
