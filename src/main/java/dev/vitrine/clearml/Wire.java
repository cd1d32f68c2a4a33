package dev.vitrine.clearml;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small readings of the wire shared by the typed calls. */
final class Wire {
    private Wire() {}

    /** The server's ISO times, with or without an offset (then UTC); null when absent or unreadable. */
    static Instant instant(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    /** An object's plain values as text (containers left out); empty for anything but an object. */
    static Map<String, String> texts(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        if (object != null && object.isObject()) {
            object.fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) out.put(e.getKey(), e.getValue().asText());
            });
        }
        return out;
    }

    /** A body field only when it has a value: the SDK's requests leave out what is unset. */
    static void putIf(Map<String, Object> body, String field, Object value) {
        if (value != null) body.put(field, value);
    }

}
