package io.inferstream.serde.bench;

import io.inferstream.avro.DType;
import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.Tensor;
import io.inferstream.registry.MockSchemaRegistry;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.serde.AvroSerde;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the Confluent wire format and the registry cost on top of plain Avro: one InferenceRequest serialized and
 * deserialized per operation, through {@link AvroSerde} (warm mock-registry caches) and through plain
 * SpecificDatumWriter/Reader with a reused encoder and decoder. Ops/s are records/s. Run with {@link SerdeBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SerdeBenchmark {

    private static final String TOPIC = "inference-requests";

    private InferenceRequest request;
    private String scope;
    private SchemaRegistryClient client;
    private AvroSerde<InferenceRequest> serde;

    private SpecificDatumWriter<InferenceRequest> writer;
    private SpecificDatumReader<InferenceRequest> reader;
    private ByteArrayOutputStream out;
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;

    /** A realistic request: 32 float features, 4 int ids, 3 categoricals, 2 headers. */
    public static InferenceRequest sampleRequest() {
        List<Float> dense = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            dense.add(i * 0.03125f);
        }
        Map<String, Tensor> features = new LinkedHashMap<>();
        features.put("dense", Tensor.newBuilder().setDtype(DType.FLOAT).setShape(List.of(1L, 32L))
                .setFloatValues(dense).build());
        features.put("ids", Tensor.newBuilder().setDtype(DType.INT32).setShape(List.of(1L, 4L))
                .setIntValues(List.of(17, 4242, 7, 99)).build());
        Map<String, String> categorical = new LinkedHashMap<>();
        categorical.put("country", "NZ");
        categorical.put("device", "mobile");
        categorical.put("campaign", "spring-sale-2026");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("trace-id", "4bf92f3577b34da6a3ce929d0e0e4736");
        headers.put("source", "web");
        return InferenceRequest.newBuilder().setRequestId("req-000123456").setModel("ctr").setModelVersion(3L)
                .setFeatures(features).setCategorical(categorical).setUserId("user-42")
                .setEventTime(java.time.Instant.ofEpochMilli(1_790_000_000_000L)).setHeaders(headers).build();
    }

    @Setup(Level.Trial)
    public void setUp() {
        request = sampleRequest();
        scope = "bench-" + UUID.randomUUID();
        client = MockSchemaRegistry.forScope(scope);
        serde = AvroSerdes.specific(InferenceRequest.class, client, AvroSerdeConfig.defaults(), false);
        serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, request)); // warm the caches

        writer = new SpecificDatumWriter<>(InferenceRequest.class);
        reader = new SpecificDatumReader<>(InferenceRequest.class);
        out = new ByteArrayOutputStream(512);
        encoder = EncoderFactory.get().binaryEncoder(out, null);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        serde.close();
        client.close();
        MockSchemaRegistry.dropScope(scope);
    }

    @Benchmark
    public InferenceRequest serdeRoundTrip() {
        return serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, request));
    }

    @Benchmark
    public InferenceRequest plainAvroRoundTrip() throws IOException {
        out.reset();
        writer.write(request, encoder);
        encoder.flush();
        byte[] bytes = out.toByteArray();
        decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
        return reader.read(null, decoder);
    }
}
