package io.wlabridge.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Decodes Confluent wire format the way any consumer would, independently of the bridge's own data format:
 * magic byte, schema id, then the schema fetched over the registry's REST API.
 */
public final class ConfluentDecoder {

    private final String registryUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    public ConfluentDecoder(String registryUrl) {
        this.registryUrl = registryUrl;
    }

    public GenericRecord decode(byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        if (buffer.get() != 0) {
            throw new AssertionError("magic byte is not 0");
        }
        int id = buffer.getInt();
        Schema schema = schema(id);
        try {
            return new GenericDatumReader<GenericRecord>(schema).read(null,
                    DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
        } catch (IOException e) {
            throw new AssertionError("not Avro of schema id " + id, e);
        }
    }

    public int schemaId(byte[] value) {
        return ByteBuffer.wrap(value, 1, 4).getInt();
    }

    private Schema schema(int id) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(registryUrl + "/schemas/ids/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("schema id " + id + " not in the registry: " + response.body());
            }
            return new Schema.Parser().parse(new ObjectMapper().readTree(response.body()).get("schema").asText());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
