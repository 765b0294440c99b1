package io.quotegate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The cluster's pool: every connection waits for a row lock at most {@link Database#LOCK_TIMEOUT}. Needs PostgreSQL. */
class DatabaseTest {

    @Test
    void everyPooledConnectionHasTheLockTimeout() throws Exception {
        TestPostgres.createDatabase();
        try (Database db = new Database(TestPostgres.base() + TestPostgres.DATABASE, "postgres", null)) {
            for (int i = 0; i < 2; i++) {
                try (Connection c = db.dataSource().getConnection();
                        Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("SHOW lock_timeout")) {
                    r.next();
                    assertThat(r.getString(1)).isEqualTo(Database.LOCK_TIMEOUT.toSeconds() + "s");
                }
            }
        }
    }
}
