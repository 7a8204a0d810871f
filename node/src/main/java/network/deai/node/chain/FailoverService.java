package network.deai.node.chain;

import io.reactivex.Flowable;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlockNumber;
import org.web3j.protocol.core.methods.response.EthChainId;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.protocol.websocket.events.Notification;

/**
 * A JSON-RPC transport over several endpoints of one chain. Each request goes to the current
 * healthy endpoint ({@link EndpointHealth}); an endpoint is checked for the configured chain id
 * before it serves. On a transport error, a timeout, HTTP 429/5xx or malformed JSON the endpoint
 * rests and the request is tried on the next one, except for methods that are not safe to repeat
 * (only {@code eth_sendTransaction} here: reads are, and {@code eth_sendRawTransaction} is
 * idempotent by hash). A head that lags the best known head is answered from another endpoint.
 */
@SuppressWarnings("rawtypes") // Web3jService's own signatures use raw Request and Response
public final class FailoverService implements Web3jService {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverService.class);
  private static final Set<String> NOT_REPEATABLE = Set.of("eth_sendTransaction");

  private final List<? extends Web3jService> endpoints;
  private final List<String> names;
  private final EndpointHealth health;
  private final long chainId;

  /** Endpoints {@code endpoints}, named {@code names} in logs, of chain {@code chainId}. */
  public FailoverService(
      List<? extends Web3jService> endpoints,
      List<String> names,
      EndpointHealth health,
      long chainId) {
    this.endpoints = List.copyOf(endpoints);
    this.names = List.copyOf(names);
    this.health = health;
    this.chainId = chainId;
  }

  /**
   * One {@link HttpService} per URL, each request bounded by {@code callTimeout} (connect, read and
   * the whole call), with default back-off and lag settings and the system clock.
   */
  public static FailoverService connect(List<String> urls, long chainId, Duration callTimeout) {
    List<HttpService> services = new ArrayList<>();
    for (String url : urls) {
      OkHttpClient http =
          new OkHttpClient.Builder()
              .connectTimeout(Math.min(callTimeout.toMillis(), 5_000), TimeUnit.MILLISECONDS)
              .readTimeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
              .writeTimeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
              .callTimeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
              .build();
      services.add(new HttpService(url, http));
    }
    EndpointHealth health =
        new EndpointHealth(urls.size(), EndpointHealth.Settings.defaults(), InstantSource.system());
    return new FailoverService(services, urls, health, chainId);
  }

  @Override
  public <T extends Response> T send(Request request, Class<T> responseType) throws IOException {
    boolean repeatable = !NOT_REPEATABLE.contains(request.getMethod());
    boolean[] tried = new boolean[endpoints.size()];
    @Nullable Exception last = null;
    for (int i = health.pick(tried); i >= 0; i = health.pick(tried)) {
      tried[i] = true;
      try {
        if (!ready(i)) {
          last = new IOException(names.get(i) + " is on another chain than " + chainId);
          continue;
        }
        T response = endpoints.get(i).send(request, responseType);
        if (acceptable(i, response)) {
          health.succeeded(i);
          return response;
        }
        last = new IOException(names.get(i) + " answered stale or foreign chain data");
      } catch (IOException | ClientConnectionException e) {
        health.failed(i);
        LOG.warn("rpc {} failed {}: {}", names.get(i), request.getMethod(), e.toString());
        last = e;
        if (!repeatable) {
          break;
        }
      }
    }
    throw rethrow(last);
  }

  /** Checks the chain id (and records the head) of an endpoint that is not known good. */
  private boolean ready(int i) throws IOException {
    if (!health.needsCheck(i)) {
      return true;
    }
    Web3jService endpoint = endpoints.get(i);
    EthChainId id =
        endpoint.send(
            new Request<>("eth_chainId", List.of(), endpoint, EthChainId.class), EthChainId.class);
    if (id.hasError() || !health.chainId(i, id.getChainId().longValueExact(), chainId)) {
      LOG.warn("rpc {} is not on chain {}: not used for a while", names.get(i), chainId);
      return false;
    }
    EthBlockNumber head =
        endpoint.send(
            new Request<>("eth_blockNumber", List.of(), endpoint, EthBlockNumber.class),
            EthBlockNumber.class);
    return head.hasError() || health.head(i, head.getBlockNumber().longValueExact());
  }

  /** False when the answer shows a foreign chain or a head that lags the best one known. */
  private boolean acceptable(int i, Response<?> response) {
    if (response.hasError()) {
      return true;
    }
    if (response instanceof EthBlockNumber head
        && !health.head(i, head.getBlockNumber().longValueExact())) {
      LOG.warn(
          "rpc {} lags behind block {}: not used for a while", names.get(i), health.bestHead());
      return false;
    }
    if (response instanceof EthChainId id
        && !health.chainId(i, id.getChainId().longValueExact(), chainId)) {
      return false;
    }
    return true;
  }

  private static IOException rethrow(@Nullable Exception last) {
    if (last instanceof ClientConnectionException e) {
      throw e;
    }
    return last instanceof IOException e ? e : new IOException("no RPC endpoint answered", last);
  }

  @Override
  public <T extends Response> CompletableFuture<T> sendAsync(
      Request request, Class<T> responseType) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("rpc-failover-async")
        .start(
            () -> {
              try {
                result.complete(send(request, responseType));
              } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }

  @Override
  public BatchResponse sendBatch(BatchRequest batch) throws IOException {
    boolean[] tried = new boolean[endpoints.size()];
    @Nullable Exception last = null;
    for (int i = health.pick(tried); i >= 0; i = health.pick(tried)) {
      tried[i] = true;
      try {
        BatchResponse response = endpoints.get(i).sendBatch(batch);
        health.succeeded(i);
        return response;
      } catch (IOException | ClientConnectionException e) {
        health.failed(i);
        last = e;
      }
    }
    throw rethrow(last);
  }

  @Override
  public CompletableFuture<BatchResponse> sendBatchAsync(BatchRequest batch) {
    CompletableFuture<BatchResponse> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("rpc-failover-batch")
        .start(
            () -> {
              try {
                result.complete(sendBatch(batch));
              } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }

  @Override
  public <T extends Notification<?>> Flowable<T> subscribe(
      Request request, String unsubscribeMethod, Class<T> responseType) {
    throw new UnsupportedOperationException("subscriptions need a WebSocket endpoint");
  }

  @Override
  public void close() throws IOException {
    for (Web3jService endpoint : endpoints) {
      endpoint.close();
    }
  }
}
