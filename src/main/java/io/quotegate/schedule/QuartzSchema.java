package io.quotegate.schedule;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.quartz.impl.jdbcjobstore.JobStoreSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Quartz's PostgreSQL tables (its own {@code tables_postgres.sql}, without the DROP statements)
 * when they are absent. Replicas starting together serialise on an advisory lock, so exactly one creates them.
 */
final class QuartzSchema {

    private static final Logger log = LoggerFactory.getLogger(QuartzSchema.class);
    private static final String DDL = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";
    private static final long LOCK_ID = 0x51_75_6f_74_65_67_61L; // "Quotega"

    private QuartzSchema() {}

    static void ensure(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + LOCK_ID + ")");
                try (ResultSet r = s.executeQuery("SELECT to_regclass('qrtz_triggers') IS NOT NULL")) {
                    r.next();
                    if (r.getBoolean(1)) {
                        c.commit();
                        return;
                    }
                }
                int n = 0;
                for (String statement : script().split(";")) {
                    String sql = statement
                            .lines()
                            .filter(l -> !l.trim().startsWith("--"))
                            .reduce("", (a, b) -> a + "\n" + b)
                            .trim();
                    String head = sql.toUpperCase(java.util.Locale.ROOT);
                    if (sql.isEmpty() || head.startsWith("DROP") || head.startsWith("COMMIT")) {
                        continue;
                    }
                    s.execute(sql);
                    n++;
                }
                c.commit();
                log.info("Created the Quartz tables in PostgreSQL ({} statements from Quartz's {})", n, DDL);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static String script() {
        try (InputStream in = JobStoreSupport.class.getClassLoader().getResourceAsStream(DDL)) {
            if (in == null) {
                throw new IllegalStateException("Quartz's " + DDL + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DDL, e);
        }
    }
}
