package io.quotegate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point: a calm market-data gateway that spends provider credits on a clock. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QuotegateApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("plan")) {
            System.exit(PlanCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        SpringApplication.run(QuotegateApplication.class, args);
    }
}
