package io.quotegate.budget;

/**
 * What one provider call costs in credits: {@code per-symbol} (Twelve Data), {@code per-call}
 * (Marketstack, CoinGecko) or {@code weight:<n>} (Binance: n per call whatever the batch size).
 */
public sealed interface CostModel {

    /** Credits for one call carrying {@code symbols} symbols. */
    int cost(int symbols);

    /** How many symbols one call may carry within {@code credits}; 0 when none fit. */
    int symbolsWithin(int credits, int maxBatch);

    String label();

    /**
     * Parses the {@code cost} key.
     *
     * @throws IllegalArgumentException with the accepted forms when the text is none of them
     */
    static CostModel parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("per-symbol")) {
            return new PerSymbol();
        }
        if (t.equals("per-call")) {
            return new Weight(1);
        }
        if (t.startsWith("weight:")) {
            try {
                int n = Integer.parseInt(t.substring("weight:".length()).trim());
                if (n > 0) {
                    return new Weight(n);
                }
            } catch (NumberFormatException ignored) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException(
                "'" + text + "' is not a cost model; use per-symbol, per-call or weight:<n> with n > 0");
    }

    record PerSymbol() implements CostModel {
        public int cost(int symbols) {
            return symbols;
        }

        public int symbolsWithin(int credits, int maxBatch) {
            return Math.max(0, Math.min(credits, maxBatch));
        }

        public String label() {
            return "per-symbol";
        }
    }

    /** A flat cost per call; {@code per-call} is weight 1. */
    record Weight(int weight) implements CostModel {
        public int cost(int symbols) {
            return symbols == 0 ? 0 : weight;
        }

        public int symbolsWithin(int credits, int maxBatch) {
            return credits >= weight ? maxBatch : 0;
        }

        public String label() {
            return weight == 1 ? "per-call" : "weight:" + weight;
        }
    }
}
