package io.wlabridge.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

/**
 * Creates the bridge's own tables (db/wla-schema.sql) when they are missing, adds to an existing table the columns
 * added since it was first created, and keys an old wla_sent by generation ({@link #keySentByGeneration}). A few
 * idempotent statements, each checked against what the table has, do not justify a migration library yet; the
 * generations' key was the first change beyond a column added, which by this comment's earlier rule was the moment to
 * move to Flyway (org.flywaydb:flyway-core resolves here); not done with it, since installations exist in several
 * states (with and without each added column) that would each need a baseline. The next such change should move.
 * <p>
 * The script is written once, in the SQL PostgreSQL and H2 take as it is; {@link Dialect} turns it into what
 * MariaDB/MySQL, Oracle and SQL Server need (docs/databases.md says how far each is tested).
 */
public final class BridgeTables {

    /** A column added to a table after its first release (it is in the table's CREATE TABLE as well). */
    record AddedColumn(String table, String column, String type) {
    }

    /** Oldest first, in the script's types ({@link Dialect#columnType} adapts them); ALTER TABLE ... ADD name type. */
    static final List<AddedColumn> ADDED = List.of(
            new AddedColumn("wla_incident", "resolution_notified_at", "TIMESTAMP"),
            new AddedColumn("wla_run", "instance_id", "VARCHAR(200)"),
            new AddedColumn("wla_run", "fire_time", "TIMESTAMP"));

    private static final Pattern CREATE_TABLE = Pattern.compile("(?is)^CREATE TABLE IF NOT EXISTS (\\w+)\\s*(\\(.*\\))$");

    /** How the script's statements are made to fit a database. */
    public enum Dialect {
        /** H2 and any database not named below: the script as it is. */
        STANDARD,
        /**
         * PostgreSQL: the script, with the sent ledger's key in the "C" collation. Its primary key takes a million
         * inserts per million events sent; comparing by bytes instead of by the database's collation (strcoll) took a
         * tenth off a COPY of a million rows (2.68 s to 2.40 s). Equality is the same in both (PostgreSQL's
         * deterministic collations call strings equal only when their bytes are), so which ids count as sent does
         * not change; tables created before keep their collation.
         */
        POSTGRESQL,
        /** MariaDB and MySQL: TIMESTAMP is zone-converted, ends in 2038 and may update itself; DATETIME(6) is none of that. */
        MYSQL,
        /** Oracle: no BIGINT, and CREATE TABLE IF NOT EXISTS only from 23ai: ORA-00955 (name in use) is ignored instead. */
        ORACLE,
        /** SQL Server: TIMESTAMP is a row version, no IF NOT EXISTS, and a UNIQUE column holds a single NULL. */
        SQL_SERVER;

        /** By JDBC's DatabaseMetaData.getDatabaseProductName(). */
        public static Dialect of(String product) {
            String p = product.toLowerCase(Locale.ROOT);
            if (p.contains("mysql") || p.contains("mariadb")) {
                return MYSQL;
            } else if (p.contains("oracle")) {
                return ORACLE;
            } else if (p.contains("sql server")) {
                return SQL_SERVER;
            } else if (p.contains("postgresql")) {
                return POSTGRESQL;
            }
            return STANDARD;
        }

        /** A column type of the script as this database names it (for columns added to an existing table). */
        public String columnType(String type) {
            return switch (this) {
                case MYSQL -> type.replaceAll("\\bTIMESTAMP\\b", "DATETIME(6)");
                case ORACLE -> type.replaceAll("\\bBIGINT\\b", "NUMBER(19)").replaceAll("\\bVARCHAR\\(", "VARCHAR2(");
                case SQL_SERVER -> type.replaceAll("\\bTIMESTAMP\\b", "DATETIME2");
                default -> type;
            };
        }

        /**
         * What turns a wla_sent created before generations (key job_id, event_id) into one keyed (job_id, generation,
         * event_id), its ids in generation 0: the column when it is missing, then the key replaced.
         *
         * @param primaryKey the key's constraint name (PostgreSQL and SQL Server drop it by name)
         */
        public List<String> sentByGeneration(boolean addColumn, String primaryKey) {
            String key = "ADD PRIMARY KEY (job_id, generation, event_id)";
            List<String> statements = new ArrayList<>();
            switch (this) {
                case MYSQL -> statements.add("ALTER TABLE wla_sent " + (addColumn ? "ADD COLUMN generation INT DEFAULT 0 NOT NULL, " : "")
                        + "DROP PRIMARY KEY, " + key);
                case ORACLE -> {
                    if (addColumn) {
                        statements.add("ALTER TABLE wla_sent ADD (generation NUMBER(10) DEFAULT 0 NOT NULL)");
                    }
                    statements.add("ALTER TABLE wla_sent DROP PRIMARY KEY");
                    statements.add("ALTER TABLE wla_sent " + key);
                }
                case SQL_SERVER -> {
                    if (addColumn) {
                        statements.add("ALTER TABLE wla_sent ADD generation INT DEFAULT 0 NOT NULL");
                    }
                    statements.add("ALTER TABLE wla_sent DROP CONSTRAINT [" + String.valueOf(primaryKey).replace("]", "]]") + "]");
                    statements.add("ALTER TABLE wla_sent " + key);
                }
                case POSTGRESQL -> {
                    if (addColumn) {
                        statements.add("ALTER TABLE wla_sent ADD COLUMN generation INTEGER DEFAULT 0 NOT NULL");
                    }
                    statements.add("ALTER TABLE wla_sent DROP CONSTRAINT \"" + String.valueOf(primaryKey).replace("\"", "\"\"") + "\"");
                    statements.add("ALTER TABLE wla_sent " + key);
                }
                default -> {
                    if (addColumn) {
                        statements.add("ALTER TABLE wla_sent ADD COLUMN generation INTEGER DEFAULT 0 NOT NULL");
                    }
                    statements.add("ALTER TABLE wla_sent DROP PRIMARY KEY");
                    statements.add("ALTER TABLE wla_sent " + key);
                }
            }
            return statements;
        }

        /** The statements of {@code script} for this database, in order. */
        public List<String> statements(String script) {
            List<String> statements = new ArrayList<>();
            for (String part : script.replaceAll("(?m)^--.*$", "").split(";")) {
                String sql = part.strip();
                if (!sql.isEmpty()) {
                    statements.addAll(render(sql));
                }
            }
            return statements;
        }

        private List<String> render(String sql) {
            Matcher create = CREATE_TABLE.matcher(sql);
            if (this == STANDARD || !create.matches()) {
                return List.of(sql);
            }
            String table = create.group(1);
            String columns = create.group(2);
            return switch (this) {
                case MYSQL -> List.of("CREATE TABLE IF NOT EXISTS " + table + " " + columns.replaceAll("\\bTIMESTAMP\\b", "DATETIME(6)")
                        .replaceAll("\\bBLOB\\b", "LONGBLOB"));
                case ORACLE -> List.of("BEGIN EXECUTE IMMEDIATE '" + oracleTable(table, columns).replace("'", "''") + "';"
                        + " EXCEPTION WHEN OTHERS THEN IF SQLCODE != -955 THEN RAISE; END IF; END;");
                case SQL_SERVER -> sqlServer(table, columns);
                case POSTGRESQL -> List.of(table.equalsIgnoreCase("wla_sent") ? "CREATE TABLE IF NOT EXISTS " + table + " "
                        + columns.replaceAll("(?i)\\b(job_id|event_id)(\\s+VARCHAR\\(\\d+\\))", "$1$2 COLLATE \"C\"")
                        : sql.replaceAll("\\bBLOB\\b", "BYTEA"));
                default -> List.of(sql);
            };
        }

        /** The CREATE TABLE Oracle runs inside its guard: its number types, its reserved words quoted. */
        static String oracleTable(String table, String columns) {
            return "CREATE TABLE " + table + " " + quoteReserved(columns.replaceAll("\\bBIGINT\\b", "NUMBER(19)")
                    .replaceAll("\\bINTEGER\\b", "NUMBER(10)").replaceAll("\\bVARCHAR\\(", "VARCHAR2("),
                    ORACLE_RESERVED, "\"", "\"", true);
        }

        /** SQL Server's CREATE TABLE and, for a UNIQUE column that may be NULL, a filtered unique index instead. */
        private static List<String> sqlServer(String table, String columns) {
            List<String> statements = new ArrayList<>();
            Matcher unique = Pattern.compile("(?i)\\b(\\w+)(\\s+VARCHAR\\(\\d+\\))\\s+UNIQUE\\b").matcher(columns);
            List<String> nullableUnique = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            while (unique.find()) {
                nullableUnique.add(unique.group(1));
                unique.appendReplacement(body, "$1$2");
            }
            unique.appendTail(body);
            statements.add("IF OBJECT_ID(N'" + table + "', N'U') IS NULL CREATE TABLE " + table + " "
                    + sqlServerTable(body.toString()));
            for (String column : nullableUnique) {
                String index = table + "_" + column;
                statements.add("IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'" + index + "') CREATE UNIQUE INDEX "
                        + index + " ON " + table + " (" + column + ") WHERE " + column + " IS NOT NULL");
            }
            return statements;
        }

        /** The column list with SQL Server's types, its reserved words quoted. */
        static String sqlServerTable(String columns) {
            return quoteReserved(columns.replaceAll("\\bTIMESTAMP\\b", "DATETIME2").replaceAll("\\bBLOB\\b", "VARBINARY(MAX)"),
                    SQL_SERVER_RESERVED, "[", "]", false);
        }

        /**
         * Column names that are reserved words quoted, so the table can be created (wla_route_reload.file on Oracle and
         * SQL Server); the bridge's statements name no such column (RouteReloads inserts without a column list).
         */
        private static String quoteReserved(String columns, java.util.Set<String> reserved, String open, String close,
                boolean upper) {
            Matcher column = Pattern.compile("(?m)^(\\s*)(\\w+)(\\s+)").matcher(columns);
            StringBuilder quoted = new StringBuilder();
            while (column.find()) {
                String name = column.group(2);
                boolean constraint = CONSTRAINTS.contains(name.toUpperCase(Locale.ROOT));
                String shown = !constraint && reserved.contains(name.toUpperCase(Locale.ROOT))
                        ? open + (upper ? name.toUpperCase(Locale.ROOT) : name) + close : name;
                column.appendReplacement(quoted, Matcher.quoteReplacement(column.group(1) + shown + column.group(3)));
            }
            column.appendTail(quoted);
            return quoted.toString();
        }
    }

    /** Words that begin a table constraint, not a column, in a column list. */
    private static final java.util.Set<String> CONSTRAINTS = java.util.Set.of("PRIMARY", "UNIQUE", "CONSTRAINT", "FOREIGN", "CHECK");
    /** Oracle's reserved words (Oracle Database SQL Language Reference, appendix D) that could name a column. */
    static final java.util.Set<String> ORACLE_RESERVED = java.util.Set.of("ACCESS", "ADD", "ALL", "ALTER", "AND", "ANY",
            "AS", "ASC", "AUDIT", "BETWEEN", "BY", "CHAR", "CHECK", "CLUSTER", "COLUMN", "COMMENT", "COMPRESS", "CONNECT",
            "CREATE", "CURRENT", "DATE", "DECIMAL", "DEFAULT", "DELETE", "DESC", "DISTINCT", "DROP", "ELSE", "EXCLUSIVE",
            "EXISTS", "FILE", "FLOAT", "FOR", "FROM", "GRANT", "GROUP", "HAVING", "IDENTIFIED", "IMMEDIATE", "IN",
            "INCREMENT", "INDEX", "INITIAL", "INSERT", "INTEGER", "INTERSECT", "INTO", "IS", "LEVEL", "LIKE", "LOCK",
            "LONG", "MAXEXTENTS", "MINUS", "MLSLABEL", "MODE", "MODIFY", "NOAUDIT", "NOCOMPRESS", "NOT", "NOWAIT", "NULL",
            "NUMBER", "OF", "OFFLINE", "ON", "ONLINE", "OPTION", "OR", "ORDER", "PCTFREE", "PRIOR", "PUBLIC", "RAW",
            "RENAME", "RESOURCE", "REVOKE", "ROW", "ROWID", "ROWNUM", "ROWS", "SELECT", "SESSION", "SET", "SHARE", "SIZE",
            "SMALLINT", "START", "SUCCESSFUL", "SYNONYM", "SYSDATE", "TABLE", "THEN", "TO", "TRIGGER", "UID", "UNION",
            "UNIQUE", "UPDATE", "USER", "VALIDATE", "VALUES", "VARCHAR", "VARCHAR2", "VIEW", "WHENEVER", "WHERE", "WITH");
    /** Transact-SQL's reserved keywords (SQL Server docs, "Reserved keywords") that could name a column. */
    static final java.util.Set<String> SQL_SERVER_RESERVED = java.util.Set.of("ADD", "ALL", "ALTER", "AND", "ANY", "AS",
            "ASC", "AUTHORIZATION", "BACKUP", "BEGIN", "BETWEEN", "BREAK", "BROWSE", "BULK", "BY", "CASCADE", "CASE",
            "CHECK", "CHECKPOINT", "CLOSE", "CLUSTERED", "COALESCE", "COLLATE", "COLUMN", "COMMIT", "COMPUTE", "CONSTRAINT",
            "CONTAINS", "CONTINUE", "CONVERT", "CREATE", "CROSS", "CURRENT", "CURSOR", "DATABASE", "DBCC", "DEALLOCATE",
            "DECLARE", "DEFAULT", "DELETE", "DENY", "DESC", "DISK", "DISTINCT", "DISTRIBUTED", "DOUBLE", "DROP", "DUMP",
            "ELSE", "END", "ERRLVL", "ESCAPE", "EXCEPT", "EXEC", "EXECUTE", "EXISTS", "EXIT", "EXTERNAL", "FETCH", "FILE",
            "FILLFACTOR", "FOR", "FOREIGN", "FREETEXT", "FROM", "FULL", "FUNCTION", "GOTO", "GRANT", "GROUP", "HAVING",
            "HOLDLOCK", "IDENTITY", "IF", "IN", "INDEX", "INNER", "INSERT", "INTERSECT", "INTO", "IS", "JOIN", "KEY", "KILL",
            "LEFT", "LIKE", "LINENO", "LOAD", "MERGE", "NATIONAL", "NOCHECK", "NONCLUSTERED", "NOT", "NULL", "NULLIF", "OF",
            "OFF", "OFFSETS", "ON", "OPEN", "OPTION", "OR", "ORDER", "OUTER", "OVER", "PERCENT", "PIVOT", "PLAN",
            "PRECISION", "PRIMARY", "PRINT", "PROC", "PROCEDURE", "PUBLIC", "RAISERROR", "READ", "REFERENCES", "RESTORE",
            "RESTRICT", "RETURN", "REVERT", "REVOKE", "RIGHT", "ROLLBACK", "ROWCOUNT", "RULE", "SAVE", "SCHEMA", "SELECT",
            "SET", "SETUSER", "SHUTDOWN", "SOME", "STATISTICS", "TABLE", "TEXTSIZE", "THEN", "TO", "TOP", "TRAN",
            "TRANSACTION", "TRIGGER", "TRUNCATE", "UNION", "UNIQUE", "UNPIVOT", "UPDATE", "USE", "USER", "VALUES", "VARYING",
            "VIEW", "WAITFOR", "WHEN", "WHERE", "WHILE", "WITH");

    private BridgeTables() {
    }

    /** The script as shipped (db/wla-schema.sql). */
    public static String script() {
        try (InputStream in = BridgeTables.class.getResourceAsStream("/db/wla-schema.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("db/wla-schema.sql is missing from the jar", e);
        }
    }

    public static void create(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            Dialect dialect = Dialect.of(connection.getMetaData().getDatabaseProductName());
            for (String sql : dialect.statements(script())) {
                statement.execute(sql);
            }
            connection.commit();
            for (AddedColumn added : ADDED) {
                addIfMissing(connection, added, dialect);
            }
            keySentByGeneration(connection, dialect);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the bridge tables (wla_sent_chunk, wla_sent, wla_run, wla_incident, wla_automic_execution): " + e.getMessage()
                    + " - check wla.datasource.url and that the user may create tables", e);
        }
    }

    /**
     * A wla_sent created before generations gets the column and the key (job_id, generation, event_id), once: its ids
     * stay, in generation 0, which every lookup asks. Rebuilding the key takes a while on a large table and locks it
     * meanwhile (one startup). Another instance doing the same at the same time is fine.
     */
    static void keySentByGeneration(Connection connection, Dialect dialect) throws SQLException {
        AddedColumn column = new AddedColumn("wla_sent", "generation", "INTEGER");
        boolean hasColumn = has(connection, column);
        PrimaryKey key = primaryKey(connection, "wla_sent");
        connection.rollback();
        // a key not found (metadata in another case or schema than expected) is left alone once the column is there
        if (hasColumn && (key.columns().isEmpty() || key.columns().contains("generation"))) {
            return;
        }
        List<String> statements = dialect.sentByGeneration(!hasColumn, key.name());
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            if (!has(connection, column) || !primaryKey(connection, "wla_sent").columns().contains("generation")) {
                connection.rollback();
                throw new SQLException("cannot key wla_sent by generation: " + e.getMessage() + " (do it by hand: "
                        + String.join("; ", statements) + ")", e);
            }
            connection.rollback();
        }
    }

    /** A table's primary key: its constraint name and its columns in lower case, in key order (none when not found). */
    record PrimaryKey(String name, List<String> columns) {
    }

    /** By JDBC's metadata, in the connection's schema, the table named as created or in upper case (H2, Oracle). */
    static PrimaryKey primaryKey(Connection connection, String table) throws SQLException {
        java.sql.DatabaseMetaData metaData = connection.getMetaData();
        for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
            java.util.TreeMap<Short, String> columns = new java.util.TreeMap<>();
            String keyName = null;
            try (java.sql.ResultSet rs = metaData.getPrimaryKeys(connection.getCatalog(), connection.getSchema(), name)) {
                while (rs.next()) {
                    columns.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                    keyName = rs.getString("PK_NAME");
                }
            }
            if (!columns.isEmpty()) {
                return new PrimaryKey(keyName, List.copyOf(columns.values()));
            }
        }
        return new PrimaryKey(null, List.of());
    }

    /** Adds the column unless the table has it; another instance adding it at the same time is fine. */
    private static void addIfMissing(Connection connection, AddedColumn added, Dialect dialect) throws SQLException {
        if (has(connection, added)) {
            return;
        }
        String type = dialect.columnType(added.type());
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + added.table() + " ADD " + added.column() + " " + type);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            if (!has(connection, added)) {
                throw new SQLException("cannot add column " + added.column() + " to table " + added.table() + ": "
                        + e.getMessage() + " (add it by hand: ALTER TABLE " + added.table() + " ADD " + added.column()
                        + " " + type + ")", e);
            }
        }
    }

    /** Asked as the bridge's queries ask (the user's schema and search path), not through the catalogue of every schema. */
    private static boolean has(Connection connection, AddedColumn added) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT " + added.column() + " FROM " + added.table() + " WHERE 1 = 0").close();
            connection.rollback();
            return true;
        } catch (SQLException missing) {
            // PostgreSQL: the failed statement aborted the transaction
            connection.rollback();
            return false;
        }
    }
}
