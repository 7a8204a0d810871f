package network.deai.node.app;

import java.math.BigDecimal;
import java.math.BigInteger;
import picocli.CommandLine;

/**
 * Reads an {@code --…-ether} option as wei: a decimal amount of ether, not negative, with at most
 * 18 decimals (1 wei is 10^-18 ether). A bad value is refused while the command line is parsed,
 * before anything is uploaded or sent.
 */
final class EtherAmount implements CommandLine.ITypeConverter<BigInteger> {
  private static final int DECIMALS = 18;

  @Override
  public BigInteger convert(String value) {
    BigDecimal ether;
    try {
      ether = new BigDecimal(value.strip());
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not an amount of ether: write a decimal number such as 0.1");
    }
    if (ether.signum() < 0) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is negative: write an amount of ether of 0 or more");
    }
    BigDecimal wei = ether.movePointRight(DECIMALS);
    try {
      return wei.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' has more than 18 decimals: 1 wei is 0.000000000000000001 ether");
    }
  }
}
