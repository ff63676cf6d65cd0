package io.aegisops.dynamodb.internal.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aegisops.dynamodb.internal.ApiException;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Unit: DynamoDB's data rules for attribute values, without any I/O. */
class ValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Value parse(String json) throws Exception {
        return Values.value(JSON.readTree(json));
    }

    @Nested
    class Numbers {
        @Test
        void areNormalisedSoEqualNumbersAreEqual() throws Exception {
            assertThat(parse("{\"N\":\"1.0\"}")).isEqualTo(parse("{\"N\":\"1\"}"));
            assertThat(parse("{\"N\":\"1E2\"}")).isEqualTo(parse("{\"N\":\"100\"}"));
            assertThat(parse("{\"N\":\"-0\"}")).isEqualTo(parse("{\"N\":\"0\"}"));
            assertThat(Values.json(parse("{\"N\":\"1E2\"}")).get("N").asText()).isEqualTo("100");
            assertThat(Values.json(parse("{\"N\":\"-0.00\"}")).get("N").asText()).isEqualTo("0");
            assertThat(Values.json(parse("{\"N\":\"0.50\"}")).get("N").asText()).isEqualTo("0.5");
        }

        @Test
        void keepThirtyEightSignificantDigitsAndRefuseMore() throws Exception {
            String digits38 = "1".repeat(38);
            assertThat(Values.json(parse("{\"N\":\"" + digits38 + "\"}")).get("N").asText()).isEqualTo(digits38);
            assertThatThrownBy(() -> parse("{\"N\":\"" + "1".repeat(39) + "\"}"))
                    .isInstanceOf(ApiException.class)
                    .hasMessage("Attempting to store more than 38 significant digits in a Number");
            // Trailing zeros are not significant.
            assertThat(parse("{\"N\":\"" + "1".repeat(38) + "000\"}")).isInstanceOf(Value.N.class);
        }

        @Test
        void stayWithinDynamoDbsRange() throws Exception {
            assertThat(parse("{\"N\":\"9.9999999999999999999999999999999999999E+125\"}")).isInstanceOf(Value.N.class);
            assertThat(parse("{\"N\":\"1E-130\"}")).isInstanceOf(Value.N.class);
            assertThatThrownBy(() -> parse("{\"N\":\"1E126\"}")).hasMessageStartingWith("Number overflow");
            assertThatThrownBy(() -> parse("{\"N\":\"1E-131\"}")).hasMessageStartingWith("Number underflow");
            assertThatThrownBy(() -> parse("{\"N\":\"twelve\"}")).hasMessage("A value provided cannot be converted into a number");
        }
    }

    @Nested
    class Sets {
        @Test
        void mustNotBeEmpty() {
            assertThatThrownBy(() -> parse("{\"SS\":[]}")).hasMessageContaining("may not be empty");
        }

        @Test
        void mustNotHoldDuplicatesEvenWrittenDifferently() {
            assertThatThrownBy(() -> parse("{\"SS\":[\"a\",\"a\"]}")).hasMessageContaining("contains duplicates");
            assertThatThrownBy(() -> parse("{\"NS\":[\"1\",\"1.0\"]}")).hasMessageContaining("contains duplicates");
        }

        @Test
        void equalRegardlessOfOrder() throws Exception {
            assertThat(parse("{\"SS\":[\"a\",\"b\"]}")).isEqualTo(parse("{\"SS\":[\"b\",\"a\"]}"));
        }
    }

    @Test
    void anAttributeValueHasExactlyOneType() {
        assertThatThrownBy(() -> parse("{}")).hasMessageContaining("Supplied AttributeValue is empty");
        assertThatThrownBy(() -> parse("{\"S\":\"a\",\"N\":\"1\"}")).hasMessageContaining("more than one datatypes");
        assertThatThrownBy(() -> parse("{\"NULL\":false}")).hasMessageContaining("Null attribute value types must have the value of true");
    }

    @Test
    void itemSizeCountsNamesAndValues() throws Exception {
        Map<String, Value> item = Map.of("ab", parse("{\"S\":\"xyz\"}"), "n", parse("{\"BOOL\":true}"));
        assertThat(Values.itemSize(item)).isEqualTo(2 + 3 + 1 + 1);
    }

    @Test
    void keysOrderAsDynamoDbOrdersThem() throws Exception {
        assertThat(Values.compareKeys(parse("{\"N\":\"9\"}"), parse("{\"N\":\"10\"}"))).isNegative();
        assertThat(Values.compareKeys(parse("{\"S\":\"9\"}"), parse("{\"S\":\"10\"}"))).isPositive();
        // UTF-8 byte order: a supplementary character sorts after U+FFFD, unlike UTF-16 code unit order.
        assertThat(Values.compareKeys(new Value.S("\uD83D\uDE00"), new Value.S("\uFFFD"))).isPositive();
        assertThat(Values.compareKeys(new Value.B(Bytes.of(new byte[] {(byte) 0x80})), new Value.B(Bytes.of(new byte[] {0x7f}))))
                .isPositive();
    }
}
