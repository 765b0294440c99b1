package io.quotegate;

import io.quotegate.budget.BudgetConfiguration;
import io.quotegate.budget.BudgetPlan;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar quotegate.jar plan [--spring.profiles.active=live] [--key=value ...]}: the fitted budget
 * plan for the same config files, profiles and flags, without serving, scheduling or warming up (no
 * provider is called). Exit 0 when every provider fits its limits and the target, 1 when not, 2 when the
 * configuration itself is invalid.
 */
public final class PlanCommand {

    private PlanCommand() {}

    public static int run(String[] args, PrintStream out) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--" + BudgetConfiguration.PLAN_ONLY + "=true");
        all.add("--quotegate.schedule.enabled=false");
        all.add("--spring.main.banner-mode=off");
        all.add("--logging.level.root=WARN");
        all.add("--logging.level.io.quotegate.budget=ERROR");
        SpringApplication app = new SpringApplication(QuotegateApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        try (ConfigurableApplicationContext context = app.run(all.toArray(String[]::new))) {
            BudgetPlan plan = context.getBean(BudgetPlan.class);
            out.println("Budget plan from " + plan.from()
                    + " (model time) for 31 days; credits per model day and per 31 days");
            out.print(plan.table());
            plan.providers().forEach(p -> p.problems().forEach(problem -> out.println("problem: " + problem)));
            out.println(
                    plan.fits()
                            ? "The plan fits."
                            : "The plan does not fit: "
                                    + String.join(
                                            ", ",
                                            plan.providers().stream()
                                                    .filter(p -> !p.status().equals("ok"))
                                                    .map(p -> p.provider() + " " + p.status())
                                                    .toList()));
            return plan.fits() ? 0 : 1;
        } catch (RuntimeException e) {
            out.println("The configuration is invalid: " + e.getMessage());
            return 2;
        }
    }
}
