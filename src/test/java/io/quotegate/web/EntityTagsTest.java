package io.quotegate.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntityTagsTest {

    private static final String STRONG = "\"fx-42\"";
    private static final String WEAK = "W/\"fx-42-0123456789abcdef01234567\"";

    @Test
    void noHeaderNeverMatches() {
        assertThat(EntityTags.matches(null, STRONG)).isFalse();
    }

    @Test
    void aStrongTagMatchesItselfAndNotAnotherVersion() {
        assertThat(EntityTags.matches("\"fx-42\"", STRONG)).isTrue();
        assertThat(EntityTags.matches("\"fx-41\"", STRONG)).isFalse();
        assertThat(EntityTags.matches("\"fx-420\"", STRONG)).isFalse();
        assertThat(EntityTags.matches("\"fx-4\"", STRONG)).isFalse();
        assertThat(EntityTags.matches("\"fx-42-stale\"", STRONG)).isFalse();
    }

    @Test
    void weakComparisonIgnoresTheWeakPrefixOnEitherSide() {
        assertThat(EntityTags.matches("W/\"fx-42\"", STRONG)).isTrue();
        assertThat(EntityTags.matches(WEAK, WEAK)).isTrue();
        assertThat(EntityTags.matches(WEAK.substring(2), WEAK)).isTrue();
        assertThat(EntityTags.matches("W/\"fx-42-0123456789abcdef01234568\"", WEAK))
                .isFalse();
    }

    @Test
    void aListMatchesWhenAnyMemberDoes() {
        assertThat(EntityTags.matches("\"fx-40\", \"fx-41\",\"fx-42\"", STRONG)).isTrue();
        assertThat(EntityTags.matches("\"fx-40\" ,\tW/\"fx-42\"  ", STRONG)).isTrue();
        assertThat(EntityTags.matches("\"fx-40\", \"fx-41\"", STRONG)).isFalse();
        assertThat(EntityTags.matches(" , ,", STRONG)).isFalse();
    }

    @Test
    void aStarMatchesAnyCurrentRepresentation() {
        assertThat(EntityTags.matches("*", STRONG)).isTrue();
        assertThat(EntityTags.matches("*", WEAK)).isTrue();
        assertThat(EntityTags.matches("\"fx-1\", *", STRONG)).isTrue();
        assertThat(EntityTags.matches("\"*\"", STRONG))
                .as("a quoted star is a tag, not the wildcard")
                .isFalse();
    }

    @Test
    void anUnquotedOrTruncatedValueDoesNotMatch() {
        assertThat(EntityTags.matches("fx-42", STRONG)).isFalse();
        assertThat(EntityTags.matches("\"fx-42", STRONG)).isFalse();
        assertThat(EntityTags.matches("W/", STRONG)).isFalse();
        assertThat(EntityTags.matches("", STRONG)).isFalse();
    }
}
