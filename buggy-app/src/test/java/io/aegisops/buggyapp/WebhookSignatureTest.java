package io.aegisops.buggyapp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Unit: the signature header, against a value computed with openssl. */
class WebhookSignatureTest {

    @Test
    void signsTimestampDotBodyWithHmacSha256() {
        // printf '1748772000.{"incident_id":"orders-1"}' | openssl dgst -sha256 -hmac topsecret
        assertThat(WebhookSignature.header("topsecret", 1748772000L, "{\"incident_id\":\"orders-1\"}"))
                .isEqualTo("t=1748772000,v1=f9f34779294382ce1ebe1c5b95efb82d115445af6bb6e407c86699028b871800");
    }
}
