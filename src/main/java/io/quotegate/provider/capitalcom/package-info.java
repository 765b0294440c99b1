/**
 * The {@code capitalcom} provider: Capital.com's CFD prices ({@code GET /api/v1/markets?epics=}) behind a login
 * session that the replicas share. Entry point: {@link io.quotegate.provider.capitalcom.CapitalComProviderFactory}.
 */
@NullMarked
package io.quotegate.provider.capitalcom;

import org.jspecify.annotations.NullMarked;
