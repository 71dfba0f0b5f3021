package io.wlabridge.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One chunk of a run's rows on its way through the template's steps (the body of the chunk exchange): each row with
 * what the steps made of it, and the dead letters of the rows that did not fit. One exchange per chunk, none per row.
 */
public final class Chunk {

    /** One row and what the steps made of it. */
    static final class Item {
        final Map<String, Object> row;
        Map<String, Object> fields;
        boolean selected;
        Outgoing record;

        Item(Map<String, Object> row) {
            this.row = row;
        }
    }

    final List<Item> items;
    final List<Outgoing> deadLetters = new ArrayList<>();

    Chunk(List<Map<String, Object>> rows) {
        items = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            items.add(new Item(row));
        }
    }

    /** The records to send, in row order. */
    public List<Outgoing> records() {
        List<Outgoing> records = new ArrayList<>(items.size());
        for (Item item : items) {
            if (item.record != null) {
                records.add(item.record);
            }
        }
        return records;
    }

    public List<Outgoing> deadLetters() {
        return deadLetters;
    }
}
