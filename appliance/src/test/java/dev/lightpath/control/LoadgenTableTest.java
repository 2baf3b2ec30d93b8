package dev.lightpath.control;

import dev.lightpath.control.config.LoadgenConfig;
import dev.lightpath.control.config.RunConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The load generator's table holds its own connections, per core, whatever memory it is given. */
class LoadgenTableTest {
    static RunConfig engineFor(String... flags) {
        LoadgenCommand command = new LoadgenCommand();
        new CommandLine(command).parseArgs(flags);
        RunConfig run = command.engineConfig(new LoadgenConfig());
        run.sizeTable(8L << 30);
        return run;
    }

    @Test
    void theTableIsSizedFromTheConnectionsPerCoreWithRoomForClosesUnderWay() {
        assertEquals(1024, engineFor("-c", "10").tcp.tableCapacity, "never under the former fixed size");
        assertEquals(100_000 + 12_500 + 64, engineFor("-c", "200000", "--cores", "0-1").tcp.tableCapacity);
        assertEquals(500_000 + 62_500 + 64, engineFor("-c", "1000000", "-t", "2").tcp.tableCapacity, "half each");
    }

    @Test
    void itsConnectionsCopyNothingSoTheirSendCopyAreaIsSmall() {
        assertEquals(256, engineFor("-c", "10").tcp.sendCopyBytes);
    }

    /** Over TLS every byte is copied, the ClientHello (over 256 bytes) first: the area holds a whole record. */
    @Test
    void overHttpsTheSendCopyAreaHoldsAWholeTlsRecord() {
        assertEquals(16 * 1024, engineFor("-c", "10", "--url", "https://198.19.255.1/").tcp.sendCopyBytes);
        assertEquals(256, engineFor("-c", "10", "--url", "http://198.19.255.1/").tcp.sendCopyBytes);
    }

    @Test
    void everyLaneCanHaveARequestUnacknowledgedWithoutWaitingForASendQueue() {
        RunConfig run = engineFor("-c", "200000", "--cores", "0-1");
        assertEquals(run.tcp.tableCapacity, run.tcp.sendQueueCount());
    }
}
