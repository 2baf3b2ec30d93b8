package dev.lightpath.tcp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

class SackScoreboardTest {
    static List<List<Integer>> ranges(SackScoreboard board, int base) {
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < board.ranges(); i++) {
            out.add(List.of(board.left(i) - base, board.right(i) - base));
        }
        return out;
    }

    @Test
    void blocksMergeTrimAndLeaveHoles() {
        int base = 0xFFFFFF00; // across the wrap
        SackScoreboard board = new SackScoreboard(16);
        int una = base;
        int max = base + 10_000;
        assertTrue(board.add(base + 3000, base + 4000, una, max));
        assertTrue(board.add(base + 1000, base + 2000, una, max));
        assertFalse(board.add(base + 1200, base + 1800, una, max), "nothing new inside a range");
        assertTrue(board.add(base + 2000, base + 2500, una, max), "adjacent extends");
        assertEquals(List.of(List.of(1000, 2500), List.of(3000, 4000)), ranges(board, base));
        assertTrue(board.add(base + 2400, base + 3100, una, max), "bridging merges two ranges");
        assertEquals(List.of(List.of(1000, 4000)), ranges(board, base));
        assertFalse(board.add(base + 9000, base + 11_000, una, max), "beyond SND.MAX is ignored");
        assertTrue(board.add(base + 6000, base + 7000, una, max));
        assertEquals(4000, board.sackedBytes());
        assertEquals(base + 7000, board.highest(una));

        assertTrue(board.nextHole(una));
        assertEquals(base, board.holeStart());
        assertEquals(base + 1000, board.holeEnd());
        assertTrue(board.nextHole(base + 1500));
        assertEquals(base + 4000, board.holeStart());
        assertEquals(base + 6000, board.holeEnd());
        assertFalse(board.nextHole(base + 7000), "nothing above the highest SACK is a hole");
        assertEquals(1000 + 2000 + 500, board.unsackedBetween(base, base + 7500));
        assertTrue(board.covers(base + 3999));
        assertFalse(board.covers(base + 4000));
        assertEquals(base + 6000, board.nextSacked(base + 4500, base + 9000));
        assertEquals(base + 5000, board.nextSacked(base + 4500, base + 5000));

        board.trim(base + 1500);
        assertEquals(List.of(List.of(1500, 4000), List.of(6000, 7000)), ranges(board, base));
        board.trim(base + 4000);
        assertEquals(List.of(List.of(6000, 7000)), ranges(board, base));
        assertFalse(board.add(base + 100, base + 3000, base + 4000, max), "below SND.UNA is old news");
    }

    @Test
    void fullBoardGivesUpTheHighestRange() {
        SackScoreboard board = new SackScoreboard(4);
        for (int i = 1; i <= 4; i++) {
            board.add(i * 100, i * 100 + 10, 0, 10_000);
        }
        assertFalse(board.add(900, 910, 0, 10_000), "above all when full: dropped");
        assertTrue(board.add(50, 60, 0, 10_000), "a lower one displaces the highest");
        assertEquals(List.of(List.of(50, 60), List.of(100, 110), List.of(200, 210), List.of(300, 310)),
            ranges(board, 0));
    }

    /** Random blocks against a set of sequence numbers as the model. */
    @Test
    void matchesAModelUnderRandomBlocks() {
        Random random = new Random(21);
        for (int run = 0; run < 200; run++) {
            SackScoreboard board = new SackScoreboard(64);
            TreeSet<Integer> model = new TreeSet<>();
            int una = random.nextInt();
            int max = una + 5000;
            for (int k = 0; k < 30; k++) {
                int left = una + random.nextInt(5000);
                int right = left + 1 + random.nextInt(300);
                if (Seq.gt(right, max)) {
                    continue;
                }
                boolean grew = board.add(left, right, una, max);
                boolean modelGrew = false;
                for (int s = left; s != right; s++) {
                    modelGrew |= model.add(s - una);
                }
                assertEquals(modelGrew, grew, "run " + run);
                if (random.nextInt(5) == 0) {
                    int newUna = una + random.nextInt(Math.max(1, Math.min(500, max - una)));
                    board.trim(newUna);
                    int shift = newUna - una;
                    TreeSet<Integer> shifted = new TreeSet<>();
                    for (int s : model) {
                        if (s >= shift) {
                            shifted.add(s - shift);
                        }
                    }
                    model = shifted;
                    una = newUna;
                }
                assertEquals(model.size(), board.sackedBytes(), "run " + run);
                assertEquals(model.size(), (max - una) - board.unsackedBetween(una, max), "run " + run);
                int highest = model.isEmpty() ? una : una + model.last() + 1;
                assertEquals(highest, board.highest(una), "run " + run);
                for (int i = 1; i < board.ranges(); i++) {
                    assertTrue(Seq.lt(board.right(i - 1), board.left(i)), "disjoint and not touching");
                }
            }
        }
    }
}
