package io.quotegate.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The tests' PostgreSQL database, {@code quotegate_test}, created when missing, as the distributed-mode
 * tests use it: at {@code QUOTEGATE_TEST_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/}), user
 * {@code postgres}. {@code .ci/run} starts the server.
 */
public final class TestPostgres {

    public static final String DATABASE = "quotegate_test";

    private TestPostgres() {}

    /** The server's base URL, without a database. */
    public static String base() {
        return System.getenv().getOrDefault("QUOTEGATE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
    }

    /** Creates the tests' database unless it is there; fails naming the server when it does not answer. */
    public static void createDatabase() {
        try (Connection c = DriverManager.getConnection(base() + "postgres", "postgres", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
            if (!r.next()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // created meanwhile by another run
                throw new IllegalStateException(
                        "PostgreSQL at " + base() + " is needed for this test: " + e.getMessage(), e);
            }
        }
    }

    /** The tests' database (created when missing). */
    public static DataSource dataSource() {
        createDatabase();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(base() + DATABASE);
        ds.setUser("postgres");
        return ds;
    }
}
