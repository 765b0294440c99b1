package io.quotegate.web;

import org.jspecify.annotations.Nullable;

/**
 * {@code If-None-Match} against an entity tag, with the weak comparison RFC 9110 (13.1.2) prescribes
 * for it: {@code W/"x"} and {@code "x"} match each other, a list matches when any member does, and
 * {@code *} matches any current representation. Allocation-free on the common paths (no header, or the
 * header is exactly the tag).
 */
final class EntityTags {

    private EntityTags() {}

    /** Whether {@code ifNoneMatch} (may be null: no header) names {@code etag}, so the answer is 304. */
    static boolean matches(@Nullable String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        if (ifNoneMatch.equals(etag)) {
            return true;
        }
        int tagStart = etag.startsWith("W/") ? 2 : 0;
        int tagLength = etag.length() - tagStart;
        int i = 0;
        int n = ifNoneMatch.length();
        while (i < n) {
            // One list member: optional whitespace, then * or [W/]"opaque", then whitespace and a comma.
            while (i < n
                    && (ifNoneMatch.charAt(i) == ' '
                            || ifNoneMatch.charAt(i) == '\t'
                            || ifNoneMatch.charAt(i) == ',')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int end = ifNoneMatch.indexOf(',', i);
            if (end < 0) {
                end = n;
            }
            int last = end;
            while (last > i && (ifNoneMatch.charAt(last - 1) == ' ' || ifNoneMatch.charAt(last - 1) == '\t')) {
                last--;
            }
            int start = i;
            if (last - start == 1 && ifNoneMatch.charAt(start) == '*') {
                return true;
            }
            if (ifNoneMatch.startsWith("W/", start)) {
                start += 2;
            }
            if (last - start == tagLength && ifNoneMatch.regionMatches(start, etag, tagStart, tagLength)) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }
}
