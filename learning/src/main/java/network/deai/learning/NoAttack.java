package network.deai.learning;

import java.util.List;
import java.util.random.RandomGenerator;

/** An honest trainer: sends a copy of its own update. */
public record NoAttack() implements Attack {

  @Override
  public float[] craft(float[] ownUpdate, List<float[]> benignUpdates, RandomGenerator rng) {
    return ownUpdate.clone();
  }
}
