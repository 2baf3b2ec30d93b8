package dev.lightpath.engine;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The one hash to queue table that a port with RSS is programmed with and the software steering and the client
 * role consult: any size a port may report, any number of queues.
 */
class RedirectionTableTest {
    private static final int[] SIZES = {64, 128, 256, 512, 2048, 192};

    @Test
    void everyQueueGetsItsShareOfEntriesAndHashesIndexByTheirLowBits() {
        for (int size : SIZES) {
            for (int queues = 1; queues <= 8; queues++) {
                RedirectionTable table = RedirectionTable.roundRobin(size, queues);
                int[] entries = table.entries();
                assertEquals(size, entries.length);
                int[] perQueue = new int[queues];
                for (int entry : entries) {
                    perQueue[entry]++;
                }
                for (int count : perQueue) {
                    assertTrue(count == size / queues || count == size / queues + 1, size + "/" + queues);
                }
                Random random = new Random(size * 31L + queues);
                for (int i = 0; i < 1000; i++) {
                    int hash = random.nextInt();
                    int index = Integer.bitCount(size) == 1 ? hash & (size - 1) : Integer.remainderUnsigned(hash, size);
                    assertEquals(entries[index], table.queueFor(hash), "as a NIC indexes its table");
                }
            }
        }
    }

    @Test
    void theSoftwareTableIsTheOneTheSteeringAlwaysUsed() {
        Random random = new Random(3);
        for (int queues = 1; queues <= 8; queues++) {
            RedirectionTable table = RedirectionTable.software(queues);
            for (int i = 0; i < 10_000; i++) {
                int hash = random.nextInt();
                assertEquals(RssHash.queueFor(hash, queues), table.queueFor(hash));
            }
        }
    }

    @Test
    void aFlowAndItsReverseLandOnOneQueueWhateverTheKeyLengthAndTable() {
        Random random = new Random(17);
        for (int keyLength : new int[] {40, 52}) {
            RssHash rss = new RssHash(RssHash.symmetricKey(keyLength));
            for (int size : SIZES) {
                for (int queues = 2; queues <= 8; queues++) {
                    RedirectionTable table = RedirectionTable.roundRobin(size, queues);
                    for (int i = 0; i < 500; i++) {
                        int a = random.nextInt();
                        int b = random.nextInt();
                        int pa = random.nextInt(65536);
                        int pb = random.nextInt(65536);
                        assertEquals(table.queueFor(rss.hash(a, b, pa, pb)), table.queueFor(rss.hash(b, a, pb, pa)),
                                keyLength + "-byte key, " + size + " entries, " + queues + " queues");
                    }
                }
            }
        }
    }

    @Test
    void aSourcePortPickedForACoreBringsItsRepliesToThatCore() {
        // What the client role does: keep a source port only when the replies to it hash to the worker asking.
        RssHash rss = new RssHash(RssHash.SYMMETRIC_KEY);
        int client = 0xC612_0002;
        int server = 0xC612_0001;
        for (int size : SIZES) {
            for (int queues = 2; queues <= 6; queues++) {
                RedirectionTable table = RedirectionTable.roundRobin(size, queues);
                for (int worker = 0; worker < queues; worker++) {
                    int found = 0;
                    for (int port = 1024; port < 65536 && found < 20; port++) {
                        if (table.queueFor(rss.hash(server, client, 80, port)) != worker) {
                            continue;
                        }
                        found++;
                        assertEquals(worker, table.queueFor(rss.hash(client, server, port, 80)),
                                "the request, hashed by a server with the same table, lands on the same queue");
                    }
                    assertEquals(20, found, "worker " + worker + " of " + queues + " finds source ports");
                }
            }
        }
    }

    @Test
    void tablesTooSmallForTheQueuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RedirectionTable.roundRobin(4, 8));
        assertThrows(IllegalArgumentException.class, () -> RedirectionTable.roundRobin(0, 1));
    }
}
