package io.wlabridge.api;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reading a platform-http request and writing the JSON answer, the same way for every endpoint. */
final class ApiExchange {

    static final ObjectMapper JSON = new ObjectMapper();

    private ApiExchange() {
    }

    /**
     * Path parameters by the route's template, read from the request URI: platform-http also puts them into headers,
     * but there a query parameter of the same name ({@code ?topic=other}) replaces them.
     */
    static Map<String, String> pathParams(Exchange exchange, String template) {
        String uri = String.valueOf(exchange.getMessage().getHeader(Exchange.HTTP_URI, "", String.class));
        int query = uri.indexOf('?');
        String path = query >= 0 ? uri.substring(0, query) : uri;
        if (path.startsWith("http://") || path.startsWith("https://")) {
            path = URI.create(path).getRawPath();
        }
        String[] actual = path.split("/", -1);
        String[] expected = template.split("/", -1);
        // the route may be mounted below a context path: match the template against the end of the path
        int offset = actual.length - expected.length;
        if (offset < 0) {
            throw ApiException.badRequest("Path does not match " + template);
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < expected.length; i++) {
            if (expected[i].startsWith("{") && expected[i].endsWith("}")) {
                String value = URLDecoder.decode(actual[offset + i].replace("+", "%2B"), StandardCharsets.UTF_8);
                if (value.isEmpty()) {
                    throw ApiException.badRequest("Path parameter '" + expected[i] + "' is empty");
                }
                params.put(expected[i].substring(1, expected[i].length() - 1), value);
            }
        }
        return params;
    }

    static String header(Exchange exchange, String name) {
        Object value = exchange.getMessage().getHeader(name);
        if (value instanceof List<?> list) {
            value = list.isEmpty() ? null : list.get(0);
        }
        return value == null ? null : value.toString();
    }

    static int intParam(String value, String name) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be a whole number (int32)");
        }
    }

    static long longParam(String value, String name) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be a whole number (int64)");
        }
    }

    /**
     * The request body as bytes, empty when there is none. Converted once per request (platform-http's body is a
     * Vert.x buffer, and Camel's conversion of it costs more than parsing a small record): the bytes replace the body.
     */
    static byte[] body(Exchange exchange) {
        Message message = exchange.getMessage();
        Object raw = message.getBody();
        if (raw instanceof byte[] bytes) {
            return bytes;
        }
        if (raw == null) {
            return new byte[0];
        }
        byte[] body = message.getBody(byte[].class);
        if (body == null) {
            return new byte[0];
        }
        message.setBody(body);
        return body;
    }

    /**
     * Drops the request's headers (platform-http would echo them, Authorization included) and sets the answer: text,
     * UTF-8 bytes or a stream platform-http writes chunked.
     */
    static void respond(Exchange exchange, int status, String contentType, Object body) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setBody(body);
    }

    static void respond(Exchange exchange, int status, JsonNode body) {
        respond(exchange, status, "application/json", write(body));
    }

    static String write(JsonNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON tree does not serialise", e);
        }
    }

    static ObjectNode error(int errorCode, String message) {
        return JSON.createObjectNode().put("error_code", errorCode).put("message", forCaller(message));
    }

    /** Library messages quoted in an answer keep their text but lose the Java class names they start with. */
    static String forCaller(String message) {
        return message == null ? null : message.replaceAll("\\b(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ", "");
    }

    static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
