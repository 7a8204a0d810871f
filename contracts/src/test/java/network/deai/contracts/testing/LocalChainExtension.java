package network.deai.contracts.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts one real anvil chain per test class on a free loopback port and
 * injects it as a {@link LocalChain} parameter. The chain is stopped when the class finishes.
 */
public final class LocalChainExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalChainExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    chain(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalChain.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return chain(context);
  }

  private static LocalChain chain(ExtensionContext context) {
    ExtensionContext classContext =
        context.getTestClass().isPresent() && context.getTestMethod().isPresent()
            ? context.getParent().orElse(context)
            : context;
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "chain", key -> new ClosableChain(LocalChain.start()), ClosableChain.class)
        .chain();
  }

  private record ClosableChain(LocalChain chain) implements AutoCloseable {
    @Override
    public void close() {
      chain.close();
    }
  }
}
