package io.quotegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code java -jar quotegate.jar plan}: the same config files and flags, a table, and an exit code. */
class PlanCommandTest {

    private static String[] args(String... more) {
        String[] base = {"--quotegate.data-dir=target/plan-command-test"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void theDefaultPlanFitsAndExitsZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = PlanCommand.run(args(), new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("demo", "fx", "indices", "crypto", "commodities", "stocks", "The plan fits.");
        assertThat(code).isZero();
    }

    @Test
    void secondsModePlansInModelTimeToo() {
        // Model time in seconds mode is thousands of years ahead: every market's calendar must still answer.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = PlanCommand.run(
                args("--quotegate.schedule.unit=seconds"), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("The plan fits.");
        assertThat(code).isZero();
    }

    @Test
    void theOverBudgetProfileDoesNotFitAndExitsOne() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = PlanCommand.run(
                args("--spring.profiles.active=overbudget"), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("2304", "over-limit", "The plan does not fit: demo over-limit");
        assertThat(code).isEqualTo(1);
    }

    @Test
    void anInvalidConfigurationExitsTwo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = PlanCommand.run(
                args("--quotegate.markets.symbols.SPX=NOWHERE"), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("quotegate.markets.symbols.SPX");
        assertThat(code).isEqualTo(2);
    }
}
