package io.berth.ttrpc;

/** A registered method, unary or streaming. */
sealed interface Method permits UnaryMethod, StreamMethod {
}
