package io.wlabridge.job;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Maps a database row to the fields of a job's Avro record and builds the record. Pure: no Camel, no I/O.
 * <p>
 * A field takes the column of the same name, compared without case and underscores ({@code tt_date_today}
 * feeds {@code ttDateToday}). Values are converted to what the schema asks for; dates may come as SQL dates
 * or as text ({@code yyyy-MM-dd} or {@code dd.MM.yyyy}), as legacy frameworks store them. A row that cannot be
 * converted is rejected with the field, the column and the reason.
 */
public final class RowMapper {

    private static final DateTimeFormatter GERMAN_DATE = DateTimeFormatter.ofPattern("dd.MM.uuuu", Locale.ROOT)
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);

    private final Schema schema;
    private final List<Schema.Field> fields;
    /** The typed rows' names: the schema's fields, in order. */
    private final NamedValues.Names fieldNames;
    private final Map<String, Schema.Field> fieldByNormalisedName = new HashMap<>();
    /** Column label to its field (or NO_FIELD), learnt from the rows: the labels repeat on every row of a query. */
    private final Map<String, Schema.Field> fieldByColumn = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Schema.Field NO_FIELD = new Schema.Field("noField", Schema.create(Schema.Type.NULL));

    public RowMapper(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("schema " + schema.getFullName() + " is not a record");
        }
        this.schema = schema;
        this.fields = schema.getFields();
        this.fieldNames = new NamedValues.Names(fields.stream().map(Schema.Field::name).toList());
        for (Schema.Field field : fields) {
            fieldByNormalisedName.put(normalise(field.name()), field);
        }
    }

    /** The row's values typed for the rule: LocalDate, Instant, String, Integer, Long, Double, Boolean, keyed by field name. */
    public Map<String, Object> toFields(Map<String, ?> row) {
        Object[] values = new Object[fields.size()];
        String[] columns = new String[fields.size()];
        // typed in place: values[pos] holds the column's value until convert replaces it
        if (row instanceof NamedValues named) {
            int[] fieldOf = fieldPositions(named.names());
            for (int i = 0; i < fieldOf.length; i++) {
                if (fieldOf[i] >= 0) {
                    values[fieldOf[i]] = named.value(i);
                    columns[fieldOf[i]] = named.names().name(i);
                }
            }
        } else {
            for (Map.Entry<String, ?> column : row.entrySet()) {
                Schema.Field field = field(column.getKey());
                if (field != NO_FIELD) {
                    values[field.pos()] = column.getValue();
                    columns[field.pos()] = column.getKey();
                }
            }
        }
        for (Schema.Field field : fields) {
            int at = field.pos();
            String column = columns[at];
            if (column == null) {
                if (field.hasDefaultValue()) {
                    continue;
                }
                throw new JobConfigurationException("the query returns no column for field '" + field.name()
                        + "' of schema " + schema.getName() + ": select it (any case, underscores allowed) or give the field a default");
            }
            values[at] = convert(field, column, values[at]);
        }
        return new NamedValues(fieldNames, values);
    }

    private Schema.Field field(String column) {
        return fieldByColumn.computeIfAbsent(column, label -> fieldByNormalisedName.getOrDefault(normalise(label), NO_FIELD));
    }

    /** Per column of the query, the position of its field (or -1): worked out once per query, not per row. */
    private int[] fieldPositions(NamedValues.Names columns) {
        ColumnPlan known = plan;
        if (known != null && known.columns == columns) {
            return known.fieldOf;
        }
        int[] fieldOf = new int[columns.size()];
        for (int i = 0; i < fieldOf.length; i++) {
            Schema.Field field = field(columns.name(i));
            fieldOf[i] = field == NO_FIELD ? -1 : field.pos();
        }
        plan = new ColumnPlan(columns, fieldOf);
        return fieldOf;
    }

    private record ColumnPlan(NamedValues.Names columns, int[] fieldOf) {
    }

    private volatile ColumnPlan plan;

    /** The Avro record for fields from {@link #toFields}: dates become days since epoch, instants milliseconds. */
    public GenericRecord toRecord(Map<String, ?> typed) {
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field field : fields) {
            Object value = typed.get(field.name());
            // a field the row has no column for and the schema defaults
            if (value == null && field.hasDefaultValue()) {
                record.put(field.pos(), GenericData.get().getDefaultValue(field));
                continue;
            }
            record.put(field.pos(), toAvro(field.schema(), value));
        }
        return record;
    }

    /** The event id: the values of the id columns joined with '|', as a run records what it sent. */
    public static String eventId(Map<String, ?> row, List<String> idColumns) {
        String[] values = new String[idColumns.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = String.valueOf(column(row, idColumns.get(i)));
        }
        // String.join sizes the result once (a StringBuilder grows and then copies): one of the job's per-row costs
        return String.join("|", values);
    }

    /** A column's value, matched without case (H2 upper-cases unquoted names, PostgreSQL lower-cases them). */
    public static Object column(Map<String, ?> row, String column) {
        Object value = row.get(column);
        if (value != null || row.containsKey(column)) {
            return value;
        }
        for (Map.Entry<String, ?> e : row.entrySet()) {
            if (e.getKey().equalsIgnoreCase(column)) {
                return e.getValue();
            }
        }
        return null;
    }

    private Object convert(Schema.Field field, String column, Object value) {
        Schema type = nonNull(field.schema());
        if (value == null) {
            if (type != field.schema()) {
                return null;
            }
            throw reject(field, column, "is NULL but the schema requires " + describe(type));
        }
        try {
            return convertValue(type, value);
        } catch (DateTimeParseException | NumberFormatException | ClassCastException | ArithmeticException e) {
            throw reject(field, column, "'" + abbreviate(value) + "' is not " + describe(type));
        }
    }

    private static Object convertValue(Schema type, Object value) {
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.Date) {
            return toDate(value);
        }
        if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros) {
            return toInstant(value);
        }
        return switch (type.getType()) {
            case STRING, ENUM -> value instanceof BigDecimal b ? b.toPlainString() : value.toString();
            case INT -> toInt(value);
            case LONG -> toLong(value);
            case DOUBLE -> value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().trim());
            case FLOAT -> value instanceof Number n ? n.floatValue() : Float.parseFloat(value.toString().trim());
            case BOOLEAN -> toBoolean(value);
            default -> throw new ClassCastException(type.getType().getName());
        };
    }

    /*
     * Whole numbers and flags the same on every driver: NUMBER/DECIMAL arrive as BigDecimal (Oracle, and DECIMAL
     * everywhere), BIGINT UNSIGNED as BigInteger (MariaDB), TINYINT(1)/BIT as Boolean (MariaDB); a fraction is
     * rejected, never cut off (docs/databases.md).
     */
    private static int toInt(Object value) {
        if (value instanceof Integer i) {
            return i;
        }
        return Math.toIntExact(toLong(value));
    }

    private static long toLong(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        BigDecimal number = value instanceof BigDecimal b ? b
                : value instanceof java.math.BigInteger b ? new BigDecimal(b)
                : value instanceof Number n ? BigDecimal.valueOf(n.doubleValue()) : new BigDecimal(value.toString().trim());
        return number.stripTrailingZeros().longValueExact();
    }

    private static Boolean toBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return toLong(n) != 0;
        }
        return parseBoolean(value.toString());
    }

    /** Dates given as text, parsed: a query's rows repeat few dates, and parsing one costs more than mapping a row. */
    private static final Map<String, LocalDate> PARSED_DATES = new java.util.concurrent.ConcurrentHashMap<>();

    private static LocalDate toDate(Object value) {
        if (value instanceof LocalDate d) {
            return d;
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (value instanceof Timestamp t) {
            return t.toLocalDateTime().toLocalDate();
        }
        if (value instanceof LocalDateTime t) {
            return t.toLocalDate();
        }
        if (value instanceof OffsetDateTime t) {
            return t.toLocalDate();
        }
        String text = value.toString();
        LocalDate known = PARSED_DATES.get(text);
        if (known != null) {
            return known;
        }
        String trimmed = text.trim();
        LocalDate date = trimmed.indexOf('.') == 2 ? LocalDate.parse(trimmed, GERMAN_DATE) : LocalDate.parse(trimmed);
        if (PARSED_DATES.size() >= 10_000) {
            PARSED_DATES.clear();
        }
        PARSED_DATES.put(text, date);
        return date;
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (value instanceof LocalDateTime t) {
            return t.toInstant(ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(value.toString().trim()).toInstant();
    }

    private static Boolean parseBoolean(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "true", "t", "1", "y", "yes", "j", "ja" -> true;
            case "false", "f", "0", "n", "no", "nein" -> false;
            default -> throw new ClassCastException(text);
        };
    }

    private static Object toAvro(Schema declared, Object value) {
        if (value == null) {
            return null;
        }
        Schema type = nonNull(declared);
        if (value instanceof LocalDate d) {
            return (int) d.toEpochDay();
        }
        if (value instanceof Instant i) {
            return type.getLogicalType() instanceof LogicalTypes.TimestampMicros
                    ? i.getEpochSecond() * 1_000_000 + i.getNano() / 1_000 : i.toEpochMilli();
        }
        if (type.getType() == Schema.Type.ENUM) {
            return new GenericData.EnumSymbol(type, value.toString());
        }
        if (value instanceof BigDecimal b) {
            return b.doubleValue();
        }
        return value;
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            for (Schema branch : schema.getTypes()) {
                if (branch.getType() != Schema.Type.NULL) {
                    return branch;
                }
            }
        }
        return schema;
    }

    private static String describe(Schema type) {
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.Date) {
            return "a date (yyyy-MM-dd or dd.MM.yyyy)";
        }
        if (logical != null) {
            return "a " + logical.getName();
        }
        return "a " + type.getType().getName();
    }

    private static RecordRejectedException reject(Schema.Field field, String column, String why) {
        return new RecordRejectedException("field '" + field.name() + "' (column " + column + ") " + why);
    }

    private static String abbreviate(Object value) {
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** The fields that need a column (no default) and would find none among a query's column labels. */
    public List<String> fieldsWithoutColumn(java.util.Collection<String> labels) {
        java.util.Set<String> columns = new java.util.HashSet<>();
        labels.forEach(label -> columns.add(normalise(label)));
        return fields.stream().filter(f -> !f.hasDefaultValue() && !columns.contains(normalise(f.name())))
                .map(Schema.Field::name).toList();
    }

    private static String normalise(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }
}
