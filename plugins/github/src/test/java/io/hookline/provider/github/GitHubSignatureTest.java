package io.hookline.provider.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.spi.InboundRequest;
import io.hookline.spi.RejectionReason;
import io.hookline.spi.Verification;
import io.hookline.testkit.ProviderRun;
import io.hookline.testkit.Signatures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitHubSignatureTest {

    private final GitHubProvider github = new GitHubProvider();

    @Test
    void githubDocsVectorG1Verifies() {
        assertVerified("It's a Secret to Everybody", "Hello, World!",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }

    @Test
    void octokitVectorG2VerifiesAndWrongSecretDoesNot() {
        String signature = "sha256=4864d2759938a15468b5df9ade20bf161da9b4f737ea61794142f3484236bda3";
        assertVerified("mysecret", "{\"foo\":\"bar\"}", signature);
        assertRejected(RejectionReason.NO_MATCHING_SIGNATURE, verify(List.of("foo"), "{\"foo\":\"bar\"}",
                Map.of("X-Hub-Signature-256", signature)));
        assertRejected(RejectionReason.MALFORMED_SIGNATURE, verify(List.of("mysecret"), "{\"foo\":\"bar\"}",
                Map.of("X-Hub-Signature-256", "foo")));
    }

    @Test
    void octokitVectorG3UnicodeAndEscapesAreSignedAsRawBytes() {
        assertVerified("development",
                "{\"foo\":\"Foo\\n\\u001B[34mbar: \u2665\u2665\u2665\u2665\u2665\u2665\u2665\u2665\\nthis-is-lost\\u001B[0m\\u001B[2K\"}",
                "sha256=afecc3caa27548bb90d51a50384cb2868b9a3327b4ad6a01c9bd4ed0f8b0b12c");
        assertVerified("development", "{\"foo\":\"\\\\u001b\"}",
                "sha256=6f8326efbacfbd04e870cea25b5652e635be8c9807f2fd5348ef60753c9e96ed");
    }

    @Test
    void anyConfiguredSecretVerifiesSoSecretsCanBeRotated() {
        String body = "{\"zen\":\"Keep it logically awesome.\"}";
        Verification verification = verify(List.of("old-secret", "new-secret"), body,
                Map.of("X-Hub-Signature-256", sign("new-secret", body)));
        assertInstanceOf(Verification.Verified.class, verification);
    }

    @Test
    void sha1OnlyRequestIsRejectedAsDowngrade() {
        Verification verification = verify(List.of("s"), "{}",
                Map.of("X-Hub-Signature", "sha1=0123456789abcdef0123456789abcdef01234567"));
        Verification.Rejected rejected = assertRejected(RejectionReason.MISSING_SIGNATURE, verification);
        assertTrue(rejected.detail().contains("SHA-1"), rejected.detail());
    }

    @Test
    void missingSignatureIsRejected() {
        assertRejected(RejectionReason.MISSING_SIGNATURE, verify(List.of("s"), "{}", Map.of()));
    }

    @Test
    void oneFlippedByteInBodyOrSignatureIsRejected() {
        String body = "{\"action\":\"opened\",\"number\":1}";
        String signature = sign("s", body);
        String flippedBody = body.replace("opened", "opemed");
        assertRejected(RejectionReason.NO_MATCHING_SIGNATURE,
                verify(List.of("s"), flippedBody, Map.of("X-Hub-Signature-256", signature)));
        char last = signature.charAt(signature.length() - 1);
        String flippedSignature = signature.substring(0, signature.length() - 1) + (last == '0' ? '1' : '0');
        assertRejected(RejectionReason.NO_MATCHING_SIGNATURE,
                verify(List.of("s"), body, Map.of("X-Hub-Signature-256", flippedSignature)));
    }

    @Test
    void rejectionDetailNeverQuotesTheSecretOrTheExpectedSignature() {
        String body = "{}";
        Verification.Rejected rejected = assertRejected(RejectionReason.NO_MATCHING_SIGNATURE,
                verify(List.of("hunter2"), body, Map.of("X-Hub-Signature-256", sign("other", body))));
        assertTrue(!rejected.detail().contains("hunter2") && !rejected.detail().contains(sign("hunter2", body).substring(7)),
                rejected.detail());
    }

    private void assertVerified(String secret, String body, String header) {
        Verification verification = verify(List.of(secret), body, Map.of("X-Hub-Signature-256", header));
        assertInstanceOf(Verification.Verified.class, verification, "expected the vector to verify");
    }

    private static Verification.Rejected assertRejected(RejectionReason reason, Verification verification) {
        Verification.Rejected rejected = assertInstanceOf(Verification.Rejected.class, verification);
        assertEquals(reason, rejected.reason(), rejected.detail());
        return rejected;
    }

    private Verification verify(List<String> secrets, String body, Map<String, String> headers) {
        InboundRequest request = ProviderRun.request(headers, body.getBytes(StandardCharsets.UTF_8));
        return ProviderRun.bind(github, secrets, Map.of()).verify(request, Instant.now());
    }

    static String sign(String secret, String body) {
        return "sha256=" + Signatures.hmacSha256Hex(secret, "", body.getBytes(StandardCharsets.UTF_8));
    }
}
