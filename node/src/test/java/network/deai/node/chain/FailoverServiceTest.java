package network.deai.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivex.Flowable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlockNumber;
import org.web3j.protocol.core.methods.response.EthChainId;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.protocol.websocket.events.Notification;

class FailoverServiceTest {
  /** A fake endpoint: a chain id, a head, and an optional fault thrown on every call. */
  static final class FakeEndpoint implements Web3jService {
    final List<String> calls = new ArrayList<>();
    long chainId = 31337;
    long head = 100;
    @Nullable RuntimeException runtimeFault;
    @Nullable IOException ioFault;

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Response> T send(Request request, Class<T> type) throws IOException {
      calls.add(request.getMethod());
      if (ioFault != null) {
        throw ioFault;
      }
      if (runtimeFault != null) {
        throw runtimeFault;
      }
      if (type == EthChainId.class) {
        EthChainId r = new EthChainId();
        r.setResult("0x" + Long.toHexString(chainId));
        return (T) r;
      }
      EthBlockNumber r = new EthBlockNumber();
      r.setResult("0x" + Long.toHexString(head));
      return (T) r;
    }

    @Override
    public <T extends Response> CompletableFuture<T> sendAsync(Request request, Class<T> type) {
      throw new UnsupportedOperationException();
    }

    @Override
    public BatchResponse sendBatch(BatchRequest batch) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<BatchResponse> sendBatchAsync(BatchRequest batch) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <T extends Notification<?>> Flowable<T> subscribe(
        Request request, String unsubscribe, Class<T> type) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  private final FakeEndpoint a = new FakeEndpoint();
  private final FakeEndpoint b = new FakeEndpoint();
  private final FailoverService service =
      new FailoverService(
          List.of(a, b),
          List.of("a", "b"),
          new EndpointHealth(
              2,
              new EndpointHealth.Settings(Duration.ofSeconds(1), Duration.ofSeconds(8), 4),
              () -> Instant.EPOCH),
          31337);

  private long blockNumber(String method) throws IOException {
    return service
        .send(new Request<>(method, List.of(), service, EthBlockNumber.class), EthBlockNumber.class)
        .getBlockNumber()
        .longValueExact();
  }

  @Test
  void checksTheChainIdOnceThenSendsToTheFirstEndpoint() throws IOException {
    assertThat(blockNumber("eth_blockNumber")).isEqualTo(100);
    assertThat(blockNumber("eth_blockNumber")).isEqualTo(100);
    assertThat(a.calls)
        .containsExactly("eth_chainId", "eth_blockNumber", "eth_blockNumber", "eth_blockNumber");
    assertThat(b.calls).isEmpty();
  }

  @Test
  void retriesAReadOnTheNextEndpointAfterA429() throws IOException {
    a.runtimeFault = new ClientConnectionException("Invalid response received: 429; slow down");
    assertThat(blockNumber("eth_blockNumber")).isEqualTo(100);
    assertThat(b.calls).contains("eth_blockNumber");
    a.runtimeFault = null;
    blockNumber("eth_blockNumber");
    assertThat(a.calls).as("a rests").hasSize(1);
  }

  @Test
  void retriesARawTransactionButNotAnUnsignedOne() throws IOException {
    a.ioFault = new IOException("unexpected end of stream");
    assertThat(blockNumber("eth_sendRawTransaction")).isEqualTo(100);
    FakeEndpoint c = new FakeEndpoint();
    c.ioFault = new IOException("timeout");
    FakeEndpoint d = new FakeEndpoint();
    FailoverService single =
        new FailoverService(
            List.of(c, d),
            List.of("c", "d"),
            new EndpointHealth(2, EndpointHealth.Settings.defaults(), () -> Instant.EPOCH),
            31337);
    assertThatThrownBy(
            () ->
                single.send(
                    new Request<>("eth_sendTransaction", List.of(), single, EthBlockNumber.class),
                    EthBlockNumber.class))
        .isInstanceOf(IOException.class)
        .hasMessage("timeout");
    assertThat(d.calls).isEmpty();
  }

  @Test
  void skipsAnEndpointOnAnotherChain() throws IOException {
    a.chainId = 1;
    assertThat(blockNumber("eth_blockNumber")).isEqualTo(100);
    assertThat(a.calls).containsExactly("eth_chainId");
  }

  @Test
  void answersALaggingHeadFromTheOtherEndpoint() throws IOException {
    assertThat(blockNumber("eth_blockNumber")).isEqualTo(100);
    a.head = 90;
    b.head = 101;
    assertThat(blockNumber("eth_blockNumber")).isEqualTo(101);
  }

  @Test
  void failsWithTheLastErrorWhenEveryEndpointFails() {
    a.ioFault = new IOException("refused");
    b.runtimeFault = new ClientConnectionException("Invalid response received: 503; down");
    assertThatThrownBy(() -> blockNumber("eth_blockNumber"))
        .isInstanceOf(ClientConnectionException.class);
  }
}
