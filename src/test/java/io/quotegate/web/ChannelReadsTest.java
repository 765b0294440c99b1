package io.quotegate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.quotegate.testing.MutableClock;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import reactor.core.publisher.Mono;

/**
 * {@link ChannelReads} on one connection, with Reactor Netty replaced by a handler that keeps what it is
 * passed and answers only when told: a feed read is answered on the connection, anything else goes on,
 * and while something that went on is unanswered, later reads go on too, so pipelined answers keep their order.
 */
class ChannelReadsTest {

    private static final int PORT = 8080;

    private final ReadFixture f = new ReadFixture(
            new MutableClock(Instant.parse("2026-12-01T10:00:05Z")), "open", List.of("https://app.example.com"));
    private final DirectReads reads = new DirectReads(f.contract, new GenericApplicationContext());
    private final List<Object> passedOn = new ArrayList<>();
    private final EmbeddedChannel channel = new Connection();

    /** A connection to the public server's port. */
    private final class Connection extends EmbeddedChannel {
        Connection() {
            super(false, false);
            pipeline().addLast(ChannelReads.NAME, new ChannelReads(reads)).addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    passedOn.add(msg);
                }
            });
            try {
                register();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected SocketAddress localAddress0() {
            return new InetSocketAddress("127.0.0.1", PORT);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return new InetSocketAddress("127.0.0.1", 50000);
        }
    }

    ChannelReadsTest() {
        reads.listening(PORT);
        f.land(42);
    }

    private static HttpRequest get(String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    }

    private String answer() {
        FullHttpResponse response = channel.readOutbound();
        assertThat(response).as("an answer on the connection").isNotNull();
        try {
            return response.status().code() + " " + response.content().toString(StandardCharsets.UTF_8);
        } finally {
            response.release();
        }
    }

    @Test
    void aFeedReadIsAnsweredOnTheConnection() {
        channel.writeInbound(get("/fx"));
        assertThat(answer()).startsWith("200 {\"feed\":\"fx\"");
        channel.writeInbound(get("/fx?symbols=XXX"));
        assertThat(answer()).startsWith("400 ");
        assertThat(passedOn).isEmpty();
        assertThat(channel.config().isAutoRead()).as("read as it comes").isTrue();
    }

    @Test
    void aRequestInTwoPartsIsAnsweredOnceAndItsEndDropped() {
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/fx"));
        assertThat(answer()).startsWith("200 ");
        channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(passedOn).isEmpty();
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void streamsAndOtherRequestsGoOn() {
        channel.writeInbound(get("/fx/stream"));
        channel.writeInbound(get("/usage"));
        channel.writeInbound(get("/fx?symbols=EUR%2FUSD"));
        HttpRequest close = get("/fx");
        close.headers().set("Connection", "close");
        channel.writeInbound(close);
        HttpRequest withBody = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.GET, "/crypto", Unpooled.wrappedBuffer(new byte[] {1}));
        withBody.headers().set("Content-Length", "1");
        channel.writeInbound(withBody);
        assertThat(passedOn).hasSize(5);
        assertThat((Object) channel.readOutbound()).isNull();
        passedOn.forEach(m -> ((HttpRequest & io.netty.util.ReferenceCounted) m).release());
    }

    @Test
    void whileAnAnswerThatWentOnIsPendingLaterReadsGoOnToo() {
        channel.writeInbound(get("/usage"));
        channel.writeInbound(get("/fx"));
        assertThat(passedOn).as("the read after an unanswered request").hasSize(2);
        assertThat((Object) channel.readOutbound()).isNull();

        channel.writeOutbound(new DefaultLastHttpContent()); // Reactor Netty answers the first
        channel.writeOutbound(new DefaultLastHttpContent()); // and the second
        channel.releaseOutbound();
        channel.writeInbound(get("/fx"));
        assertThat(answer()).as("nothing pending: answered here again").startsWith("200 ");
        assertThat(passedOn).hasSize(2);
    }

    @Test
    void whatArrivesWhileAReplyIsDecidedElsewhereWaitsItsTurn() throws Exception {
        // A client plan on Redis: the reply is decided on another thread, and comes back to the connection's.
        DirectReads later = new DirectReads(f.contract, new GenericApplicationContext()) {
            @Override
            Mono<Reply> reply(ReadRequest read) {
                return read.symbols() == null // the first: the second would be quicker to decide
                        ? Mono.delay(Duration.ofMillis(100)).then(super.reply(read))
                        : super.reply(read);
            }
        };
        later.listening(PORT);
        channel.pipeline().replace(ChannelReads.NAME, ChannelReads.NAME, new ChannelReads(later));

        channel.writeInbound(get("/fx"));
        channel.writeInbound(get("/fx?symbols=XXX"));
        assertThat(channel.config().isAutoRead())
                .as("no more reads while one waits")
                .isFalse();
        assertThat((Object) channel.readOutbound()).isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            channel.runPendingTasks();
            return channel.outboundMessages().size() == 2;
        });
        assertThat(answer()).startsWith("200 ");
        assertThat(answer()).as("then the one that waited").startsWith("400 ");
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(passedOn).isEmpty();
    }

    @Test
    void onAnotherServersConnectionEverythingGoesOn() {
        reads.listening(PORT + 1);
        channel.writeInbound(get("/fx"));
        assertThat(passedOn).hasSize(1);
    }
}
