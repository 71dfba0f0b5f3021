package io.wlabridge.job;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * One row's values under names every row of a query (or every record of a schema) shares: an array per row and the
 * names once, instead of a hash map per row. A job maps millions of rows; a {@code LinkedHashMap} per row (and another
 * per typed row) was the largest part of what a run allocated. Read-only, in the names' order; {@code null} values
 * allowed.
 */
public final class NamedValues extends AbstractMap<String, Object> {

    /** The names, in order, and where each one's value is: built once per query or schema. */
    public static final class Names {
        private final String[] names;
        private final Map<String, Integer> index;

        public Names(List<String> names) {
            this.names = names.toArray(String[]::new);
            this.index = new HashMap<>(this.names.length * 2);
            for (int i = 0; i < this.names.length; i++) {
                index.put(this.names[i], i);
            }
        }

        public int size() {
            return names.length;
        }

        public String name(int position) {
            return names[position];
        }

        /** The position of the name, or -1. */
        public int position(Object name) {
            Integer position = index.get(name);
            return position == null ? -1 : position;
        }

        boolean sameAs(List<String> other) {
            if (other.size() != names.length) {
                return false;
            }
            for (int i = 0; i < names.length; i++) {
                if (!names[i].equals(other.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Names names;
    private final Object[] values;

    /** The values, one per name in the names' order; the array is the row's own from now on. */
    public NamedValues(Names names, Object[] values) {
        if (values.length != names.size()) {
            throw new IllegalArgumentException(values.length + " values for " + names.size() + " names");
        }
        this.names = names;
        this.values = values;
    }

    public Names names() {
        return names;
    }

    /** The value at the position of {@link #names()}. */
    public Object value(int position) {
        return values[position];
    }

    @Override
    public Object get(Object key) {
        int position = names.position(key);
        return position < 0 ? null : values[position];
    }

    @Override
    public boolean containsKey(Object key) {
        return names.position(key) >= 0;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int at = next++;
                        return new SimpleImmutableEntry<>(names.name(at), values[at]);
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }
}
