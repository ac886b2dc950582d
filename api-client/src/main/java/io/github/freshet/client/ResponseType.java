package io.github.freshet.client;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The declared shape of a response body: what {@link ApiClient#execute} decodes it into.
 *
 * <p>Use {@link #of(Class)}, {@link #listOf(Class)} or {@link #none()}; for any other generic type,
 * subclass it anonymously so that the type argument is captured: {@code new
 * ResponseType<Map<String, Business>>() {}}.
 *
 * @param <T> the decoded type
 */
public abstract class ResponseType<T> {
  private static final ResponseType<Void> NONE = new Explicit<>(Void.class);

  private final Type type;

  /**
   * Captures the type argument of an anonymous subclass.
   *
   * @throws IllegalStateException if the subclass does not give a type argument
   */
  protected ResponseType() {
    Type superclass = getClass().getGenericSuperclass();
    if (!(superclass instanceof ParameterizedType parameterized)) {
      throw new IllegalStateException(
          "ResponseType needs a type argument: new ResponseType<X>() {}");
    }
    this.type = parameterized.getActualTypeArguments()[0];
  }

  private ResponseType(Type type) {
    this.type = type;
  }

  /**
   * Returns the type of a body that decodes into one instance of a class.
   *
   * @param type the class
   * @param <T> the class's type
   * @return the response type
   */
  public static <T> ResponseType<T> of(Class<T> type) {
    return new Explicit<>(Objects.requireNonNull(type, "type"));
  }

  /**
   * Returns the type of a body that is a JSON array of one class's instances.
   *
   * @param elementType the element class
   * @param <E> the element type
   * @return the response type
   */
  public static <E> ResponseType<List<E>> listOf(Class<E> elementType) {
    Objects.requireNonNull(elementType, "elementType");
    return new Explicit<>(
        new ParameterizedType() {
          @Override
          public Type[] getActualTypeArguments() {
            return new Type[] {elementType};
          }

          @Override
          public Type getRawType() {
            return List.class;
          }

          @Override
          public @Nullable Type getOwnerType() {
            return null;
          }

          @Override
          public String getTypeName() {
            return "java.util.List<" + elementType.getTypeName() + ">";
          }
        });
  }

  /**
   * Returns the type of a response whose body is ignored (status 204, say); the call returns {@code
   * null}.
   *
   * @return the response type
   */
  public static ResponseType<Void> none() {
    return NONE;
  }

  /**
   * Returns the Java type that the body decodes into.
   *
   * @return the type
   */
  public final Type type() {
    return type;
  }

  /**
   * Returns whether the body is ignored.
   *
   * @return {@code true} for {@link #none()}
   */
  public final boolean isNone() {
    return type == Void.class;
  }

  @Override
  public String toString() {
    return type.getTypeName();
  }

  private static final class Explicit<T> extends ResponseType<T> {
    Explicit(Type type) {
      super(type);
    }
  }
}
