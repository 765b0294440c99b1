package io.quotegate.budget;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code quotegate.plan.*}.
 *
 * @param stretch let the planner stretch normal-priority feeds to every 2nd, 3rd ... slot until the plan fits
 *                {@code quotegate.budget.target}; off only to show an over-budget day on purpose
 * @param pace    let a slot yield while its provider is ahead of the even pace of a day or month limit
 *                ({@link Pacing}); off only to show an over-budget day on purpose
 */
@ConfigurationProperties("quotegate.plan")
public record PlanProperties(
        @DefaultValue("true") boolean stretch,
        @DefaultValue("true") boolean pace) {}
